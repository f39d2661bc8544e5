using System.Security.Cryptography;

namespace ReturnsPortal.Domain.Returns;

/// <summary>
/// RMA numbers people can read aloud over the phone: "RP-" then 8 characters in two groups, from an
/// alphabet without look-alikes (no 0/O, 1/I/L, 5/S, 8/B, 2/Z, U/V).
/// </summary>
public static class RmaNumber
{
    public const string Alphabet = "34679ACDEFGHJKMNPQRTWXY";
    public const int Length = 12;

    public static string Generate() => Generate(i => RandomNumberGenerator.GetInt32(i));

    public static string Generate(Func<int, int> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        Span<char> chars = stackalloc char[8];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[next(Alphabet.Length)];
        }
        return $"RP-{chars[..4]}-{chars[4..]}";
    }

    /// <summary>Normalises what a person typed or a scanner sent ("rp 7kxm 4qht") into the stored form.</summary>
    public static string? Normalise(string? input)
    {
        if (input is null)
        {
            return null;
        }
        var compact = new string(input.Where(char.IsLetterOrDigit).ToArray()).ToUpperInvariant();
        // Strip the prefix only when it is there: "RP" is also a valid start of the 8 characters themselves.
        if (compact.Length == 10 && compact.StartsWith("RP", StringComparison.Ordinal))
        {
            compact = compact[2..];
        }
        return compact.Length == 8 && compact.All(Alphabet.Contains) ? $"RP-{compact[..4]}-{compact[4..]}" : null;
    }
}
