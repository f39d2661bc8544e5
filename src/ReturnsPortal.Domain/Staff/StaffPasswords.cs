using System.Security.Cryptography;

namespace ReturnsPortal.Domain.Staff;

/// <summary>One-time passwords an admin hands over: 16 random characters in four groups, no look-alikes.</summary>
public static class StaffPasswords
{
    private const string Alphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    public static string Generate()
    {
        Span<char> chars = stackalloc char[16];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
        return $"{chars[..4]}-{chars[4..8]}-{chars[8..12]}-{chars[12..]}";
    }
}
