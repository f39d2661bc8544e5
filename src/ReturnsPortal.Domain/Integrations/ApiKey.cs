using System.Security.Cryptography;
using System.Text;

namespace ReturnsPortal.Domain.Integrations;

public static class ApiScopes
{
    public const string OrdersWrite = "orders:write";
    public const string ReturnsRead = "returns:read";
    public const string ReturnsWrite = "returns:write";
    public const string StockRead = "stock:read";
    public const string AnalyticsRead = "analytics:read";

    public static readonly IReadOnlyList<string> All = [OrdersWrite, ReturnsRead, ReturnsWrite, StockRead, AnalyticsRead];
}

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

    public static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public bool HasScope(string scope) => RevokedAt is null && Scopes.Split(' ').Contains(scope);
}
