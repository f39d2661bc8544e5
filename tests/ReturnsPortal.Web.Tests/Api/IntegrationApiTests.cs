using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Api;

public sealed class IntegrationApiTests_Sqlite(SqlitePortalFactory factory) : IntegrationApiTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class IntegrationApiTests_Postgres(PostgresPortalFactory factory) : IntegrationApiTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>Contract tests of data in (orders, products, carrier events) and out (returns feed), each bad input included.</summary>
public abstract class IntegrationApiTests(PortalFactory factory)
{
    private const string DemoKey = "demo-api-key";
    private const string TShirt = "VET-TSH-001-M-NOIR";
    private const string TShirtLarge = "VET-TSH-001-L-NOIR";

    private static string OrderJson(string number, string email, params (string Sku, int Quantity, decimal Price)[] lines) =>
        ApiOrders.Json(number, email, lines);

    [Fact]
    public async Task Sending_the_same_order_twice_leaves_one_order_with_its_lines_updated()
    {
        var number = $"SHOP-{Guid.NewGuid():N}"[..20];
        var email = $"{Guid.NewGuid():N}@example.org";

        using var first = await SendAsync(HttpMethod.Post, "/api/v1/orders", OrderJson(number, email, (TShirt, 1, 19.90m)));
        using var second = await SendAsync(HttpMethod.Post, "/api/v1/orders", OrderJson(number.ToLowerInvariant(), email, (TShirt, 2, 19.90m), (TShirtLarge, 1, 21m)));

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetBoolean().ShouldBeTrue();
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        var stored = number.ToUpperInvariant();
        var order = await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().Orders.AsNoTracking()
            .Where(o => o.Number == stored)
            .Select(o => new { o.Email, o.CustomerName, o.DeliveredAt, Customer = o.Customer!.Email, Lines = o.Lines.Select(l => new { l.Variant!.Sku, l.Quantity, l.UnitPricePaid.Minor }).OrderBy(l => l.Sku).ToList() })
            .ToListAsync());
        order.Count.ShouldBe(1);
        order[0].Customer.ShouldBe(email);
        order[0].CustomerName.ShouldBe("Léa Martin");
        order[0].DeliveredAt.ShouldBe(new DateTime(2026, 11, 22, 11, 0, 0, DateTimeKind.Utc));
        order[0].Lines.Select(l => (l.Sku, l.Quantity, l.Minor)).ShouldBe([(TShirtLarge, 1, 2100L), (TShirt, 2, 1990L)]);
        (await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().Customers.CountAsync(c => c.Email == email))).ShouldBe(1);
    }

    [Fact]
    public async Task The_same_new_order_sent_concurrently_by_two_clients_leaves_one_order()
    {
        var number = $"RACE-{Guid.NewGuid():N}"[..20].ToUpperInvariant();
        var email = $"{Guid.NewGuid():N}@example.org";

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => SendAsync(HttpMethod.Post, "/api/v1/orders", OrderJson(number, email, (TShirt, 1, 19.90m)))));

        responses.Select(r => r.StatusCode).ShouldAllBe(s => s == HttpStatusCode.Created || s == HttpStatusCode.OK);
        foreach (var response in responses)
        {
            response.Dispose();
        }
        (await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().Orders.CountAsync(o => o.Number == number))).ShouldBe(1);
        (await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().OrderLines.CountAsync(l => l.OrderId == sp.GetRequiredService<ReturnsDbContext>().Orders.Single(o => o.Number == number).Id))).ShouldBe(1);
    }

    [Theory]
    [InlineData("{\"number\": ")]
    [InlineData("{\"number\": \"A-1\", \"lines\": [{\"sku\": \"X\", \"quantity\": \"2\"}]}")]
    [InlineData("[1, 2]")]
    public async Task Malformed_json_or_wrong_types_get_400_problem_details(string json)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/v1/orders", json);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task An_unknown_sku_gets_422_with_the_reason_and_creates_nothing()
    {
        var number = $"SHOP-{Guid.NewGuid():N}"[..20];

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/orders", OrderJson(number, "x@example.org", (TShirt, 1, 10m), ("NO-SUCH-SKU", 1, 10m)));

        var errors = await ErrorsAsync(response, HttpStatusCode.UnprocessableEntity);
        errors.Keys.ShouldBe(["lines[1].sku"]);
        errors["lines[1].sku"].ShouldBe(["Aucun produit n'a ce SKU."]);
        (await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().Orders.AnyAsync(o => o.Number == number))).ShouldBeFalse();
    }

    [Fact]
    public async Task Missing_and_invalid_fields_get_422_listing_each_field()
    {
        var json = """{"number":"X-1","email":"not-an-email","address":{"line1":"1 rue"},"paymentMethod":"cash","currency":"EURO","lines":[{"sku":"VET-TSH-001-M-NOIR","quantity":0,"unitPrice":1.999}]}""";

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/orders", json);

        var errors = await ErrorsAsync(response, HttpStatusCode.UnprocessableEntity);
        errors.Keys.ShouldBe(["email", "firstName", "lastName", "address.postcode", "address.city", "placedAt", "paymentMethod", "currency", "lines[0].quantity", "lines[0].unitPrice"], ignoreOrder: true);
    }

    /// <summary>The order JSON of <see cref="OrderJson"/> with a <c>paymentReference</c> (issue 18).</summary>
    private static string WithReference(string json, string reference)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        node["paymentReference"] = reference;
        return node.ToJsonString();
    }

    [Fact]
    public async Task The_payment_reference_is_set_when_sent_kept_when_absent_and_replaced_when_sent_again()
    {
        var number = $"PAY-{Guid.NewGuid():N}"[..20].ToUpperInvariant();
        var email = $"{Guid.NewGuid():N}@example.org";
        Task<string?> StoredAsync() => factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().Orders.AsNoTracking()
            .Where(o => o.Number == number).Select(o => o.PaymentReference).SingleAsync());

        using (var set = await SendAsync(HttpMethod.Post, "/api/v1/orders", WithReference(OrderJson(number, email, (TShirt, 1, 19.90m)), "  pi_3Nxy2ZLkdIwHu7ix0x1Yb2Qa ")))
        {
            set.StatusCode.ShouldBe(HttpStatusCode.Created);
        }
        (await StoredAsync()).ShouldBe("pi_3Nxy2ZLkdIwHu7ix0x1Yb2Qa");

        using (var absent = await SendAsync(HttpMethod.Post, "/api/v1/orders", OrderJson(number, email, (TShirt, 2, 19.90m))))
        {
            absent.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        (await StoredAsync()).ShouldBe("pi_3Nxy2ZLkdIwHu7ix0x1Yb2Qa", "a shop that does not send the reference never erases it");

        using (var replaced = await SendAsync(HttpMethod.Post, "/api/v1/orders", WithReference(OrderJson(number, email, (TShirt, 2, 19.90m)), "pi_3Other")))
        {
            replaced.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        (await StoredAsync()).ShouldBe("pi_3Other");
    }

    [Theory]
    [InlineData("pi_\u00e9t\u00e9")]
    [InlineData("pi_3Nxy\nsecond line")]
    [InlineData("   ")]
    [InlineData("TOO-LONG")]
    public async Task A_bad_payment_reference_gets_422_naming_the_field_and_changes_nothing(string reference)
    {
        var number = $"PAY-{Guid.NewGuid():N}"[..20].ToUpperInvariant();
        var value = reference == "TOO-LONG" ? new string('x', 101) : reference;

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/orders", WithReference(OrderJson(number, "x@example.org", (TShirt, 1, 10m)), value));

        var errors = await ErrorsAsync(response, HttpStatusCode.UnprocessableEntity);
        errors.Keys.ShouldBe(["paymentReference"]);
        errors["paymentReference"].ShouldBe(["La référence de paiement compte 1 à 100 caractères : lettres sans accent, chiffres, espaces et ponctuation (pi_3Nxy…)."]);
        (await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().Orders.AnyAsync(o => o.Number == number))).ShouldBeFalse();
    }

    [Fact]
    public async Task Orders_need_a_key_with_orders_write()
    {
        var returnsOnly = await NewKeyAsync(ApiScopes.ReturnsRead);

        using var anonymous = await SendAsync(HttpMethod.Post, "/api/v1/orders", "{}", key: null);
        using var forbidden = await SendAsync(HttpMethod.Post, "/api/v1/orders", "{}", key: returnsOnly);

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Products_are_upserted_by_sku_with_the_category_found_or_made_by_code()
    {
        var sku = $"NEW-{Guid.NewGuid():N}"[..24];
        var code = $"P-{Guid.NewGuid():N}"[..20];
        string Body(string name, decimal price) => JsonSerializer.Serialize(new
        {
            products = new[]
            {
                new { sku, productCode = code, name, brand = "Maison", categoryCode = "bags-test", categoryName = "Sacs", size = "U", colour = "Noir", price = new { amount = price, currency = "EUR" }, nonReturnable = (string?)null },
            },
        });

        using var first = await SendAsync(HttpMethod.Post, "/api/v1/products", Body("Sac cabas", 49.90m));
        using var second = await SendAsync(HttpMethod.Post, "/api/v1/products", Body("Sac cabas cuir", 59m));

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetInt32().ShouldBe(1);
        (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("updated").GetInt32().ShouldBe(1);
        var variant = await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().Variants.AsNoTracking().Where(v => v.Sku == sku)
            .Select(v => new { v.Product!.Name, v.Price.Minor, v.Product.Category!.Code, Count = sp.GetRequiredService<ReturnsDbContext>().Variants.Count(x => x.Sku == sku) }).SingleAsync());
        variant.Name.ShouldBe("Sac cabas cuir");
        variant.Minor.ShouldBe(5900);
        variant.Code.ShouldBe("bags-test");
        variant.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Bad_products_get_422_per_field_and_malformed_ones_400()
    {
        var json = """{"products":[{"sku":"","productCode":"P1","name":"N","categoryCode":"c","price":{"amount":1.234,"currency":"EUR"},"nonReturnable":"never"}]}""";

        using var invalid = await SendAsync(HttpMethod.Post, "/api/v1/products", json);
        using var malformed = await SendAsync(HttpMethod.Post, "/api/v1/products", """{"products":[{"price":{"amount":"12"}}]}""");

        var errors = await ErrorsAsync(invalid, HttpStatusCode.UnprocessableEntity);
        errors.Keys.ShouldBe(["products[0].sku", "products[0].price.amount", "products[0].nonReturnable"], ignoreOrder: true);
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_returns_feed_pages_every_return_once_in_update_order()
    {
        var total = await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().Returns.CountAsync());
        var seen = new List<(DateTime UpdatedAt, string Rma)>();
        string? cursor = null;
        var pages = 0;
        do
        {
            using var response = await SendAsync(HttpMethod.Get, "/api/v1/returns?limit=200" + (cursor is null ? "" : "&cursor=" + cursor));
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            seen.AddRange(body.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("updatedAt").GetDateTime(), i.GetProperty("rma").GetString()!)));
            cursor = body.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : body.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 100);

        total.ShouldBeGreaterThan(200);
        seen.Count.ShouldBe(total);
        seen.Select(s => s.Rma).Distinct().Count().ShouldBe(total);
        seen.Select(s => s.UpdatedAt).ShouldBeInOrder();
    }

    [Fact]
    public async Task The_returns_feed_filters_by_status_and_update_time()
    {
        var since = await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().Returns.Where(r => r.Status == ReturnStatus.Received)
            .OrderBy(r => r.UpdatedAt).Select(r => r.UpdatedAt).Skip(1).FirstAsync());
        var expected = await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().Returns
            .CountAsync(r => r.Status == ReturnStatus.Received && r.UpdatedAt >= since));

        using var response = await SendAsync(HttpMethod.Get, $"/api/v1/returns?status=received&updatedSince={since:O}&limit=200");

        var items = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToList();
        items.Count.ShouldBe(expected);
        items.ShouldAllBe(i => i.GetProperty("status").GetString() == "received" && i.GetProperty("lines").GetArrayLength() > 0);
    }

    [Theory]
    [InlineData("status=shipped", "status")]
    [InlineData("updatedSince=yesterday", "updatedSince")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    public async Task Bad_feed_parameters_get_400_naming_the_parameter(string query, string field)
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/v1/returns?" + query);

        (await ErrorsAsync(response, HttpStatusCode.BadRequest)).Keys.ShouldBe([field]);
    }

    [Fact]
    public async Task Carrier_events_move_a_return_in_transit_then_mark_it_arriving_idempotently()
    {
        var rma = await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().Returns
            .Where(r => r.Status == ReturnStatus.Approved).OrderBy(r => r.Id).Select(r => r.Rma).FirstAsync());

        var picked = await CarrierAsync(rma, "picked_up");
        var again = await CarrierAsync(rma, "in_transit");
        var delivered = await CarrierAsync(rma, "delivered_to_warehouse");
        var deliveredAgain = await CarrierAsync(rma, "delivered_to_warehouse");

        picked.GetProperty("status").GetString().ShouldBe("inTransit");
        picked.GetProperty("changed").GetBoolean().ShouldBeTrue();
        again.GetProperty("changed").GetBoolean().ShouldBeFalse();
        delivered.GetProperty("changed").GetBoolean().ShouldBeTrue();
        delivered.GetProperty("arrivingAt").GetDateTime().ShouldBe(new DateTime(2026, 1, 5, 8, 0, 0, DateTimeKind.Utc));
        deliveredAgain.GetProperty("changed").GetBoolean().ShouldBeFalse();
        var history = await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().ReturnHistory
            .CountAsync(h => h.To == ReturnStatus.InTransit && sp.GetRequiredService<ReturnsDbContext>().Returns.Any(r => r.Id == h.ReturnRequestId && r.Rma == rma)));
        history.ShouldBe(1);
        var staff = await factory.SignedInAsync("agent@example.fr");
        // Searching the RMA opens the return (issue 15): the queue's in-transit view shows the chip on its row.
        var queue = await staff.GetDocumentAsync("/staff?status=InTransit&size=200");
        queue.QuerySelectorAll($"[data-rma='{rma}'] .arriving-chip").Length.ShouldBe(1);
    }

    [Fact]
    public async Task Carrier_events_refuse_unknown_parcels_bad_events_and_returns_not_waiting_for_one()
    {
        var cancelled = await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().Returns
            .Where(r => r.Status == ReturnStatus.Cancelled).Select(r => r.Rma).FirstAsync());

        using var unknown = await SendAsync(HttpMethod.Post, "/api/v1/carrier-events", """{"trackingNumber":"ZZ999999999FR","event":"picked_up"}""");
        using var badEvent = await SendAsync(HttpMethod.Post, "/api/v1/carrier-events", """{"trackingNumber":"ZZ999999999FR","event":"lost"}""");
        using var wrongType = await SendAsync(HttpMethod.Post, "/api/v1/carrier-events", """{"trackingNumber":12,"event":"picked_up"}""");
        using var conflict = await SendAsync(HttpMethod.Post, "/api/v1/carrier-events", $$"""{"trackingNumber":"{{cancelled}}","event":"picked_up"}""");

        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknown.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await ErrorsAsync(badEvent, HttpStatusCode.BadRequest)).Keys.ShouldBe(["event"]);
        wrongType.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        conflict.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_openapi_document_describes_every_integration_endpoint()
    {
        using var client = factory.CreateClient();
        var document = await client.GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));
        var paths = document.GetProperty("paths");

        paths.GetProperty("/api/v1/orders").TryGetProperty("post", out _).ShouldBeTrue();
        paths.GetProperty("/api/v1/products").TryGetProperty("post", out _).ShouldBeTrue();
        paths.GetProperty("/api/v1/carrier-events").TryGetProperty("post", out _).ShouldBeTrue();
        var feed = paths.GetProperty("/api/v1/returns").GetProperty("get");
        feed.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString())
            .ShouldBe(["status", "updatedSince", "cursor", "limit"], ignoreOrder: true);
        paths.GetProperty("/api/v1/orders").GetProperty("post").GetProperty("requestBody").GetProperty("content")
            .GetProperty("application/json").GetProperty("schema").ValueKind.ShouldBe(JsonValueKind.Object);
    }

    private async Task<JsonElement> CarrierAsync(string tracking, string @event)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/v1/carrier-events", JsonSerializer.Serialize(new { trackingNumber = tracking, @event, at = "2026-01-05T09:00:00+01:00" }));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<string> NewKeyAsync(string scopes)
    {
        var key = ApiKey.Generate();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        db.ApiKeys.Add(ApiKey.Create($"test {Guid.NewGuid():N}", scopes.Split(' '), key, null, DateTime.UtcNow));
        await db.SaveChangesAsync();
        return key;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? json = null, string? key = DemoKey)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        return await client.SendAsync(request);
    }

    private static async Task<Dictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.ShouldBe(status, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }
}
