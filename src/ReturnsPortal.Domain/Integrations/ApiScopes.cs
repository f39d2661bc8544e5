namespace ReturnsPortal.Domain.Integrations;

public static class ApiScopes
{
    public const string OrdersWrite = "orders:write";
    public const string ReturnsRead = "returns:read";
    public const string ReturnsWrite = "returns:write";
    public const string StockRead = "stock:read";
    public const string AnalyticsRead = "analytics:read";
    /// <summary>The shop reports refunds it paid and replacements it shipped (ADR 0120); no carrier or returns key settles.</summary>
    public const string SettlementsWrite = "settlements:write";
    /// <summary>A customer's GDPR export and erasure by e-mail (ADR 0127): every personal datum, so a key of its own.</summary>
    public const string CustomersPrivacy = "customers:privacy";

    public static readonly IReadOnlyList<string> All =
    [
        OrdersWrite, ReturnsRead, ReturnsWrite, StockRead, AnalyticsRead, SettlementsWrite,
        CustomersPrivacy,
    ];
}
