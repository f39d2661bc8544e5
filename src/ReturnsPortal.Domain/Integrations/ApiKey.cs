using System.Security.Cryptography;
using System.Text;

namespace ReturnsPortal.Domain.Integrations;

/// <summary>A key for the HTTP API; only its SHA-256 hash is stored, the key itself is shown once.</summary>
public sealed class ApiKey
{
    public const int NameLength = 100;
    public const int HashLength = 64;

    public int Id { get; set; }
    public required string Name { get; set; }
    public required string KeyHash { get; set; }
    /// <summary>Space-separated scopes, see <see cref="ApiScopes"/>.</summary>
    public required string Scopes { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    /// <summary>The last request this key authenticated, at most once a minute (ADR 0070).</summary>
    public DateTime? LastUsedAt { get; set; }
    public string? CreatedBy { get; set; }

    /// <summary>The prefix of generated keys: recognisable in a leaked file or a secret scanner.</summary>
    public const string Prefix = "rpk_";

    /// <summary>A new key: 32 random bytes (256 bits) in base64url after <see cref="Prefix"/>; shown once, only its hash is kept.</summary>
    public static string Generate() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Creates a key with the given scopes; unknown scopes are refused.</summary>
    public static ApiKey Create(string name, IEnumerable<string> scopes, string key, string? createdBy, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var list = scopes.Distinct(StringComparer.Ordinal).ToList();
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > NameLength)
        {
            throw new Common.DomainException("apikey.name", $"A key has a name of 1 to {NameLength} characters.");
        }
        if (list.Count == 0 || list.Any(s => !ApiScopes.All.Contains(s)))
        {
            throw new Common.DomainException("apikey.scopes", "A key has at least one known scope.");
        }
        return new ApiKey
        {
            Name = name.Trim(),
            KeyHash = Hash(key),
            Scopes = string.Join(' ', ApiScopes.All.Where(list.Contains)),
            CreatedBy = createdBy,
            CreatedAt = at,
        };
    }

    /// <summary>Revoking is final: the key answers 401 from the next request on.</summary>
    public void Revoke(DateTime at) => RevokedAt ??= at;

    public static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public bool HasScope(string scope) => RevokedAt is null && Scopes.Split(' ').Contains(scope);
}
