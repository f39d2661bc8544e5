using System.Globalization;

namespace ReturnsPortal.Domain.Common;

/// <summary>
/// The one way an amount in major units (euros) becomes minor units (cents): typed in a form ("12,50", "12.50 €",
/// "1 234,50"), read from a CSV cell, or sent as a JSON number. More than two decimals is not an amount. Each caller
/// keeps its own business range (a deduction up to 1,000,000 €, a price not negative…).
/// </summary>
public static class MoneyParser
{
    /// <summary>Far beyond any real amount, and far from <see cref="long"/> overflow.</summary>
    public const decimal MaxMajor = 1_000_000_000_000m;

    /// <summary>
    /// Cents of a typed amount: a comma or a point for decimals, spaces (also non-breaking) and a euro sign ignored, a
    /// leading minus allowed; null for anything else, including thousands separators other than spaces.
    /// </summary>
    public static long? ParseMinor(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var cleaned = text.Replace('\u00a0', ' ').Replace('\u202f', ' ').Replace(" ", "", StringComparison.Ordinal)
            .Replace("€", "", StringComparison.Ordinal).Replace(',', '.');
        return decimal.TryParse(cleaned, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            ? ToMinor(amount)
            : null;
    }

    /// <summary>Cents of an amount in major units; null when it has more than two decimals or is out of range.</summary>
    public static long? ToMinor(decimal amount) =>
        amount == decimal.Round(amount, 2) && Math.Abs(amount) < MaxMajor ? (long)(amount * 100m) : null;
}
