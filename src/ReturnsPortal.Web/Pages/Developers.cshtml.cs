using ReturnsPortal.Domain.Integrations;

namespace ReturnsPortal.Web.Pages;

/// <summary>The API reference for people: authentication, scopes, endpoints, errors, webhooks and how to check their signature.</summary>
public sealed class DevelopersModel : PageModel
{
    public sealed record Endpoint(string Method, string Path, string Scope, string Key);

    public static readonly IReadOnlyList<Endpoint> Endpoints =
    [
        new("POST", "/api/v1/orders", ApiScopes.OrdersWrite, "orders"),
        new("POST", "/api/v1/products", ApiScopes.OrdersWrite, "products"),
        new("GET", "/api/v1/returns?status=&updatedSince=&cursor=&limit=", ApiScopes.ReturnsRead, "feed"),
        new("POST", "/api/v1/carrier-events", ApiScopes.CarrierEventsWrite, "carrier"),
        new("GET", "/api/v1/reasons", ApiScopes.ReturnsRead, "reasons"),
        new("GET", "/api/v1/orders/{number}/eligibility?email=", ApiScopes.ReturnsRead, "eligibility"),
        new("POST", "/api/v1/returns", ApiScopes.ReturnsWrite, "create"),
        new("GET", "/api/v1/returns/{rma}?email=", ApiScopes.ReturnsRead, "return"),
        new("POST", "/api/v1/returns/{rma}/cancel?email=", ApiScopes.ReturnsWrite, "cancel"),
        new("GET", "/api/v1/drop-off-points?postcode=", ApiScopes.ReturnsRead, "dropoff"),
        new("GET", "/api/v1/analytics/summary?from=&to=", ApiScopes.AnalyticsRead, "analytics"),
        new("POST", "/api/v1/refunds/{id}/result", ApiScopes.SettlementsWrite, "refundResult"),
        new("POST", "/api/v1/exchanges/{id}/shipment", ApiScopes.SettlementsWrite, "exchangeShipment"),
        new("POST", "/api/v1/exchanges/{id}/cancellation", ApiScopes.SettlementsWrite, "exchangeCancellation"),
        new("GET", "/api/v1/store-credit/{code}", ApiScopes.StoreCreditRead, "storeCredit"),
        new("POST", "/api/v1/store-credit/{code}/redemptions", ApiScopes.StoreCreditWrite, "storeCreditRedeem"),
    ];

    public const string CurlExample = """
        curl -X POST https://returns.example.com/api/v1/carrier-events \
          -H "X-Api-Key: rpk_…" -H "Content-Type: application/json" \
          -d '{"trackingNumber":"RP-7KXM-4QHT","event":"picked_up","at":"2026-11-26T09:30:00Z"}'
        """;

    public const string VerifyCSharp = """
        // ASP.NET Core receiver: read the raw body, then compare in constant time.
        var body = await new StreamReader(Request.Body).ReadToEndAsync();
        var timestamp = Request.Headers["X-ReturnsPortal-Timestamp"].ToString();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));
        var valid = CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(expected),
            Encoding.ASCII.GetBytes(Request.Headers["X-ReturnsPortal-Signature"].ToString()))
            && Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(timestamp)) < 300;
        """;

    public const string VerifyPython = """
        import hashlib, hmac, time
        def verify(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
            mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
            return hmac.compare_digest("sha256=" + mac, signature) and abs(time.time() - int(timestamp)) < 300
        """;

    public const string PayloadExample = """
        {"id":"4211-return.status_changed","event":"return.status_changed","occurredAt":"2026-11-26T09:30:00Z",
         "data":{"rma":"RP-7KXM-4QHT","orderId":1042,"from":"Approved","to":"InTransit","at":"2026-11-26T09:30:00Z",
                 "actor":"carrier","language":"fr"}}
        """;

    /// <summary>What the shop receives when it pays refunds (Payments:Provider=Shop), and how it answers (ADR 0120).</summary>
    public const string RefundRequestedExample = """
        {"id":"5120-refund.requested","event":"refund.requested","occurredAt":"2026-12-07T09:30:00Z",
         "data":{"rma":"RP-7KXM-4QHT","reference":"RI-RP-7KXM-4QHT","orderNumber":"CMD-1042",
                 "paymentReference":"pi_3Nx…","amount":4990,"currency":"EUR","idempotencyKey":"settle:RP-7KXM-4QHT",
                 "requestedAt":"2026-12-07T09:30:00Z"}}

        POST /api/v1/refunds/RI-RP-7KXM-4QHT/result   {"status":"paid","reference":"SHOP-RF-99812"}
        POST /api/v1/refunds/RI-RP-7KXM-4QHT/result   {"status":"failed","reason":"Card expired"}
        POST /api/v1/exchanges/EX-RP-7KXM-4QHT/shipment      {"carrier":"Colissimo","trackingNumber":"6A12345678901"}
        POST /api/v1/exchanges/EX-RP-7KXM-4QHT/cancellation  {"instead":"refund","reason":"Out of stock"}
        """;

    public void OnGet()
    {
    }
}
