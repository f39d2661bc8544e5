using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Notifications;

namespace ReturnsPortal.Domain.Tests.Integrations;

/// <summary>The pure rules of the integration plug: keys, webhook events, signatures, URLs, delivery back-off, incoming data checks.</summary>
public sealed class IntegrationRuleTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_generated_key_is_long_random_prefixed_and_only_its_hash_is_kept()
    {
        var key = ApiKey.Generate();
        var other = ApiKey.Generate();

        key.ShouldStartWith("rpk_");
        key.Length.ShouldBe(4 + 43);
        key.ShouldNotBe(other);
        var stored = ApiKey.Create(" Shop ", [ApiScopes.StockRead, ApiScopes.OrdersWrite, ApiScopes.OrdersWrite], key, "admin", Now);
        stored.KeyHash.ShouldBe(ApiKey.Hash(key));
        stored.Scopes.ShouldBe("orders:write stock:read");
        stored.Name.ShouldBe("Shop");
        stored.HasScope(ApiScopes.StockRead).ShouldBeTrue();
        stored.Revoke(Now);
        stored.HasScope(ApiScopes.StockRead).ShouldBeFalse();
        Should.Throw<DomainException>(() => ApiKey.Create("x", ["stock:write"], key, null, Now)).Code.ShouldBe("apikey.scopes");
        Should.Throw<DomainException>(() => ApiKey.Create(" ", [ApiScopes.StockRead], key, null, Now)).Code.ShouldBe("apikey.name");
    }

    [Theory]
    [InlineData("return.created", """{"to":"Requested"}""", new[] { "return.created" })]
    [InlineData("return.status_changed", """{"to":"Approved"}""", new[] { "return.status_changed" })]
    [InlineData("return.status_changed", """{"to":"Resolved"}""", new[] { "return.status_changed", "return.resolved" })]
    [InlineData("stock.changed", """{"sku":"X"}""", new[] { "stock.changed" })]
    [InlineData("withdrawal.received", """{"reference":"W"}""", new[] { "withdrawal.received" })]
    [InlineData("return.resolved", """{"to":"Resolved"}""", new string[0])]
    [InlineData("staff.password_reset", "{}", new string[0])]
    public void Outbox_messages_map_to_webhook_events(string type, string payload, string[] expected) =>
        WebhookEvents.Of(type, payload).ShouldBe(expected);

    [Fact]
    public void The_signature_is_the_hex_hmac_of_timestamp_dot_body()
    {
        // Reference value computed independently: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
        var signature = WebhookSignature.Compute("whsec_test", "1700000000", """{"a":1}""");

        signature.ShouldBe("sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            "whsec_test"u8.ToArray(), "1700000000.{\"a\":1}"u8.ToArray())));
        WebhookSignature.Verify("whsec_test", "1700000000", """{"a":1}""", signature).ShouldBeTrue();
        WebhookSignature.Verify("whsec_test", "1700000001", """{"a":1}""", signature).ShouldBeFalse();
        WebhookSignature.Verify("whsec_test", "1700000000", """{"a":2}""", signature).ShouldBeFalse();
        WebhookSignature.Verify("whsec_test", "1700000000", """{"a":1}""", null).ShouldBeFalse();
    }

    [Theory]
    [InlineData("https://shop.example.com/hooks", true, null)]
    [InlineData("https://shop.example.com/hooks", false, null)]
    [InlineData("http://shop.example.com/hooks", true, "webhook.url")]
    [InlineData("http://shop.example.com/hooks", false, "webhook.https")]
    [InlineData("http://localhost:5000/hooks", true, null)]
    [InlineData("http://localhost:5000/hooks", false, "webhook.https")]
    [InlineData("https://localhost:5000/hooks", false, null)]
    [InlineData("https://127.0.0.1:8080/", false, "webhook.private")]
    [InlineData("https://169.254.169.254/latest/meta-data/", true, "webhook.private")]
    [InlineData("https://10.1.2.3/", true, "webhook.private")]
    [InlineData("https://[::1]:8080/", true, "webhook.private")]
    [InlineData("https://[::ffff:192.168.1.1]/", true, "webhook.private")]
    [InlineData("https://100.64.0.1/", true, "webhook.private")]
    [InlineData("https://db.localhost/", true, "webhook.private")]
    [InlineData("https://93.184.216.34/hooks", false, null)]
    [InlineData("ftp://shop.example.com/", true, "webhook.url")]
    [InlineData("https://user:pass@shop.example.com/", true, "webhook.url")]
    [InlineData("/relative", true, "webhook.url")]
    [InlineData("", true, "webhook.url")]
    public void A_webhook_url_is_https_outside_development_and_never_a_private_literal_unless_allowed(string url, bool development, string? problem) =>
        WebhookSubscription.UrlProblem(url, development, ["localhost"]).ShouldBe(problem);

    [Fact]
    public void A_delivery_backs_off_exponentially_fails_at_the_maximum_and_an_admin_retry_starts_a_fresh_series()
    {
        var subscription = WebhookSubscription.Create("https://x.example/h", [WebhookEvents.ReturnCreated], "whsec_s", null, Now);
        var message = new OutboxMessage { Id = 7, Type = WebhookEvents.StockChanged, Payload = """{"sku":"S-1"}""", DedupeKey = "k", OccurredAt = Now };
        var delivery = WebhookDelivery.For(subscription, message, WebhookEvents.StockChanged, Now);

        delivery.Body.ShouldBe("""{"id":"7-stock.changed","event":"stock.changed","occurredAt":"2026-11-26T10:00:00Z","data":{"sku":"S-1"}}""");
        delivery.RecordFailure(500, "HTTP 500", Now, 10, 3, TimeSpan.FromSeconds(30), TimeSpan.FromHours(1));
        delivery.NextAttemptAt.ShouldBe(Now.AddSeconds(30));
        delivery.RecordFailure(null, "timeout", Now, 10, 3, TimeSpan.FromSeconds(30), TimeSpan.FromHours(1));
        delivery.NextAttemptAt.ShouldBe(Now.AddSeconds(60));
        delivery.Status.ShouldBe(WebhookDeliveryStatus.Pending);
        delivery.RecordFailure(503, "HTTP 503", Now, 10, 3, TimeSpan.FromSeconds(30), TimeSpan.FromHours(1));
        delivery.Status.ShouldBe(WebhookDeliveryStatus.Failed);
        delivery.NextAttemptAt.ShouldBeNull();

        delivery.Retry(Now);
        delivery.Status.ShouldBe(WebhookDeliveryStatus.Pending);
        delivery.Attempts.ShouldBe(0);
        delivery.RecordSuccess(204, Now, 5);
        delivery.Status.ShouldBe(WebhookDeliveryStatus.Delivered);
        delivery.Log.Select(a => a.StatusCode).ShouldBe([500, null, 503, 204]);
        Should.Throw<DomainException>(() => delivery.Retry(Now));
    }

    [Fact]
    public void Incoming_orders_are_checked_field_by_field()
    {
        var order = new OrderData("A-1", "bad-email", "Léa", "", "de", "1 rue", null, "75001", "Paris", "FRA",
            Now, null, Now.AddDays(-1), Orders.PaymentMethod.Card, "EU",
            [new OrderLineData("SKU-1", 0, 100), new OrderLineData("SKU-1", 1, -1), new OrderLineData(null, 1, 100)]);

        CatalogSync.Check(order).Select(e => (e.Field, e.Code)).ShouldBe(
        [
            ("email", "email"), ("lastName", "required"), ("language", "language"), ("country", "country"),
            ("deliveredAt", "delivered_before_placed"), ("currency", "currency"), ("lines[0].quantity", "quantity"),
            ("lines[1].unitPrice", "price"), ("lines[2].sku", "required"), ("lines[1].sku", "sku_duplicate"),
        ]);
    }

    [Fact]
    public void Incoming_products_are_checked_field_by_field()
    {
        var product = new ProductData("SKU", null, new string('n', 201), null, "cat", null, null, null, -5, "EUR", null);

        CatalogSync.Check(product).Select(e => (e.Field, e.Code)).ShouldBe([("productCode", "required"), ("name", "too_long"), ("price", "price")]);
    }
}
