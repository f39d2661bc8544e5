using System.Globalization;

namespace ReturnsPortal.Domain.Common;

/// <summary>An amount in minor units (cents) with its ISO 4217 currency; never a floating point.</summary>
public readonly record struct Money(long Minor, string Currency)
{
    public const int CurrencyLength = 3;
    public const string Euro = "EUR";

    public static Money Eur(long minor) => new(minor, Euro);
    public static Money Zero(string currency) => new(0, currency);

    public static Money operator +(Money a, Money b) => new(a.Minor + b.Minor, SameCurrency(a, b));
    public static Money operator -(Money a, Money b) => new(a.Minor - b.Minor, SameCurrency(a, b));
    public Money Times(int quantity) => this with { Minor = Minor * quantity };

    /// <summary>A percentage of this amount, rounded half away from zero to the cent.</summary>
    public Money Percent(decimal percent) =>
        this with { Minor = (long)Math.Round(Minor * percent / 100m, MidpointRounding.AwayFromZero) };

    public string Format(IFormatProvider culture)
    {
        var format = (NumberFormatInfo)NumberFormatInfo.GetInstance(culture).Clone();
        format.CurrencySymbol = Currency switch { Euro => "€", "USD" => "$", "GBP" => "£", _ => Currency };
        return (Minor / 100m).ToString("C", format);
    }

    public override string ToString() => Format(CultureInfo.InvariantCulture);

    private static string SameCurrency(Money a, Money b) =>
        a.Currency == b.Currency ? a.Currency : throw new DomainException($"Cannot combine {a.Currency} and {b.Currency}.");
}
