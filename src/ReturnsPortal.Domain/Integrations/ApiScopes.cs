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
