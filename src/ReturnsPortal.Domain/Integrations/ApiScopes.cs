namespace ReturnsPortal.Domain.Integrations;

/// <summary>
/// What an API key may do, one scope per kind of partner (ADR 0124): a carrier's key posts parcel events and nothing
/// else, a till reads and spends store credit, the shop creates returns; none of them implies another.
/// </summary>
public static class ApiScopes
{
    public const string OrdersWrite = "orders:write";
    public const string ReturnsRead = "returns:read";
    /// <summary>Create and cancel returns; no carrier events, no store credit (ADR 0124).</summary>
    public const string ReturnsWrite = "returns:write";
    public const string StockRead = "stock:read";
    public const string AnalyticsRead = "analytics:read";
    /// <summary>The shop reports refunds it paid and replacements it shipped (ADR 0120); no carrier or returns key settles.</summary>
    public const string SettlementsWrite = "settlements:write";
    /// <summary>A customer's GDPR export and erasure by e-mail (ADR 0127): every personal datum, so a key of its own.</summary>
    public const string CustomersPrivacy = "customers:privacy";
    /// <summary>A carrier platform posts parcel events (POST /api/v1/carrier-events), nothing else.</summary>
    public const string CarrierEventsWrite = "carrier-events:write";
    /// <summary>Read a store-credit code's balance: the code is a bearer secret, so not part of returns:read.</summary>
    public const string StoreCreditRead = "store-credit:read";
    /// <summary>Spend store credit (redemptions): money leaves, so a key of its own.</summary>
    public const string StoreCreditWrite = "store-credit:write";

    // One scope per line: add new ones at the end without touching the others.
    public static readonly IReadOnlyList<string> All =
    [
        OrdersWrite,
        ReturnsRead,
        ReturnsWrite,
        StockRead,
        AnalyticsRead,
        SettlementsWrite,
        CarrierEventsWrite,
        StoreCreditRead,
        StoreCreditWrite,
        CustomersPrivacy,
    ];
}
