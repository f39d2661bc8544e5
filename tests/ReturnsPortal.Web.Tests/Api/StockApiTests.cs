using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Api;

public sealed class StockApiTests_Sqlite(SqlitePortalFactory factory) : StockApiTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class StockApiTests_Postgres(PostgresPortalFactory factory) : StockApiTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>GET /api/v1/stock: key and scope, the cursor walk over every level, changedSince, and 400 for each bad input.</summary>
public abstract class StockApiTests(PortalFactory factory)
{
    private const string DemoKey = "demo-api-key";

    [Fact]
    public async Task Without_a_key_it_is_401_and_without_the_scope_403()
    {
        var key = $"returns-only-{Guid.NewGuid():N}";
        await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            db.ApiKeys.Add(new ApiKey { Name = key, KeyHash = ApiKey.Hash(key), Scopes = ApiScopes.ReturnsRead, CreatedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });

        using var anonymous = await SendAsync("/api/v1/stock", null);
        using var forbidden = await SendAsync("/api/v1/stock", key);

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await forbidden.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().ShouldBe("Cette clé d'API n'a pas le droit stock:read.");
    }

    [Fact]
    public async Task Following_the_cursors_returns_every_level_once_in_change_order()
    {
        var total = await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().StockLevels.CountAsync());
        var seen = new List<(string Sku, string Warehouse, string Bucket, DateTime UpdatedAt)>();
        string? cursor = null;
        var pages = 0;
        do
        {
            using var response = await SendAsync("/api/v1/stock?limit=40" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)), DemoKey);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            var items = body.GetProperty("items").EnumerateArray().ToList();
            items.Count.ShouldBeLessThanOrEqualTo(40);
            foreach (var item in items)
            {
                (item.GetProperty("onHand").GetInt32() - item.GetProperty("reserved").GetInt32()).ShouldBe(item.GetProperty("available").GetInt32());
                seen.Add((item.GetProperty("sku").GetString()!, item.GetProperty("warehouse").GetString()!, item.GetProperty("bucket").GetString()!,
                    item.GetProperty("updatedAt").GetDateTime()));
            }
            cursor = body.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 100);

        total.ShouldBeGreaterThan(40, "the demo shop needs several pages");
        seen.Count.ShouldBe(total);
        seen.Select(s => (s.Sku, s.Warehouse, s.Bucket)).Distinct().Count().ShouldBe(total);
        seen.Select(s => s.UpdatedAt).ShouldBe(seen.Select(s => s.UpdatedAt).Order(), "oldest change first");
        seen.ShouldContain(s => s.Sku == "VET-TSH-001-S-NOIR" && s.Bucket == "sellable");
    }

    [Fact]
    public async Task ChangedSince_returns_only_the_levels_moved_after_it()
    {
        var since = DateTime.UtcNow.AddSeconds(-1);
        var sku = await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            var variant = await db.Variants.Where(v => v.Sku.StartsWith("MAI-")).OrderBy(v => v.Id).Select(v => new { v.Id, v.Sku }).FirstAsync();
            var warehouseId = await StockDispositions.ReturnsWarehouseIdAsync(db, default);
            await new StockLedger(db).PostAsync([StockChanges.Adjust(variant.Id, warehouseId, StockBucket.OpenBox, 2, "test", "test", $"api-{Guid.NewGuid():N}")],
                DateTime.UtcNow, default);
            await db.SaveChangesAsync();
            return variant.Sku;
        });

        using var response = await SendAsync($"/api/v1/stock?changedSince={since:yyyy-MM-ddTHH:mm:ss.fffZ}", DemoKey);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var items = body.GetProperty("items").EnumerateArray().ToList();
        items.ShouldContain(i => i.GetProperty("sku").GetString() == sku && i.GetProperty("bucket").GetString() == "openBox" && i.GetProperty("onHand").GetInt32() == 2);
        items.ShouldAllBe(i => i.GetProperty("updatedAt").GetDateTime() >= since);
        items.Count.ShouldBeLessThan(20, "the seeded levels changed months ago");

        using var future = await SendAsync("/api/v1/stock?changedSince=2999-01-01T00:00:00%2B01:00", DemoKey);
        var empty = await future.Content.ReadFromJsonAsync<JsonElement>();
        empty.GetProperty("items").GetArrayLength().ShouldBe(0);
        empty.GetProperty("nextCursor").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Theory]
    [InlineData("changedSince=yesterday", "changedSince", "changedSince doit être une date-heure ISO 8601, par exemple 2026-11-26T10:00:00Z.")]
    [InlineData("limit=0", "limit", "limit doit être un nombre entier de 1 à 500.")]
    [InlineData("limit=501", "limit", "limit doit être un nombre entier de 1 à 500.")]
    [InlineData("limit=ten", "limit", "limit doit être un nombre entier de 1 à 500.")]
    [InlineData("cursor=not-a-cursor", "cursor", "Ce curseur n'a pas été donné par cette API : renvoyez nextCursor tel quel.")]
    [InlineData("cursor=MTIzOmFiYw", "cursor", "Ce curseur n'a pas été donné par cette API : renvoyez nextCursor tel quel.")]
    public async Task Each_bad_input_is_a_400_problem_naming_its_field(string query, string field, string message)
    {
        using var response = await SendAsync("/api/v1/stock?" + query, DemoKey);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).ShouldBe([field]);
        errors.GetProperty(field).EnumerateArray().Select(e => e.GetString()).ShouldBe([message]);
    }

    [Fact]
    public async Task Bad_inputs_together_give_every_error_in_english_when_asked()
    {
        using var response = await SendAsync("/api/v1/stock?changedSince=26/11/2026&limit=-1", DemoKey, "en");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Order().ShouldBe(["changedSince", "limit"]);
        errors.GetProperty("limit")[0].GetString().ShouldBe("limit must be a whole number from 1 to 500.");
    }

    [Fact]
    public async Task The_openapi_document_describes_the_endpoint_its_parameters_and_buckets()
    {
        using var response = await factory.CreateClient().GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        var get = document.GetProperty("paths").GetProperty("/api/v1/stock").GetProperty("get");
        get.GetProperty("operationId").GetString().ShouldBe("ListStock");
        get.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Order().ShouldBe(["changedSince", "cursor", "limit"]);
        get.GetProperty("responses").EnumerateObject().Select(r => r.Name).ShouldContain("400");
        document.GetRawText().ShouldContain("\"quarantine\"");
    }

    private async Task<HttpResponseMessage> SendAsync(string url, string? key, string? acceptLanguage = null)
    {
        var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }
        if (acceptLanguage is not null)
        {
            request.Headers.Add("Accept-Language", acceptLanguage);
        }
        return await client.SendAsync(request);
    }
}
