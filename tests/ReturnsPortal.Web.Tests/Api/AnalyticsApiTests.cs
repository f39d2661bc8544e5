using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Analytics;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Api;

public sealed class AnalyticsApiTests_Sqlite(SqlitePortalFactory factory) : AnalyticsApiTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class AnalyticsApiTests_Postgres(PostgresPortalFactory factory) : AnalyticsApiTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>GET /api/v1/analytics/summary: key and scope, shape on the demo shop, and a 400 listing each bad input.</summary>
public abstract class AnalyticsApiTests(PortalFactory factory)
{
    private const string DemoKey = "demo-api-key";

    private static string Period()
    {
        var today = AnalyticsPeriod.ParisDay(DateTime.UtcNow);
        return string.Create(CultureInfo.InvariantCulture, $"from={today.AddDays(-180):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}");
    }

    [Fact]
    public async Task Without_a_key_it_is_401_and_without_the_scope_403()
    {
        var key = $"returns-only-{Guid.NewGuid():N}";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
            db.ApiKeys.Add(new ApiKey { Name = key, KeyHash = ApiKey.Hash(key), Scopes = ApiScopes.ReturnsRead, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        using var anonymous = await SendAsync("/api/v1/analytics/summary?" + Period(), null);
        using var forbidden = await SendAsync("/api/v1/analytics/summary?" + Period(), key);

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await forbidden.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()
            .ShouldBe("Cette clé d'API n'a pas le droit analytics:read.");
    }

    [Fact]
    public async Task The_summary_has_the_issue_shape_and_the_demo_problem_products()
    {
        using var response = await SendAsync("/api/v1/analytics/summary?" + Period(), DemoKey);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var sold = body.GetProperty("unitsSold").GetInt64();
        var returned = body.GetProperty("unitsReturned").GetInt64();
        sold.ShouldBeGreaterThan(1000);
        body.GetProperty("returnRateUnits").GetDouble().ShouldBe((double)returned / sold, 1e-9);
        body.GetProperty("valueSold").GetProperty("currency").GetString().ShouldBe("EUR");
        body.GetProperty("valueReturned").GetProperty("minor").GetInt64().ShouldBeGreaterThan(0);
        body.GetProperty("returnRateValue").GetDouble().ShouldBeInRange(0, 1);
        foreach (var name in new[] { "refunded", "storeCreditIssued", "exchanges" })
        {
            body.GetProperty(name).GetInt32().ShouldBeGreaterThanOrEqualTo(0);
        }
        // Additive fields (ADR 0044): settled returns and the shares settled within the service level / legal deadline.
        body.GetProperty("settled").GetInt32().ShouldBeGreaterThan(0);
        body.GetProperty("settledWithinServiceLevelShare").GetDouble().ShouldBeInRange(0, 1);
        body.GetProperty("settledWithinLegalDeadlineShare").GetDouble().ShouldBeInRange(0, 1);
        var reasons = body.GetProperty("byReason").EnumerateArray().ToList();
        reasons.Sum(r => r.GetProperty("units").GetInt64()).ShouldBe(returned);
        reasons.Sum(r => r.GetProperty("share").GetDouble()).ShouldBe(1, 1e-9);
        var problems = body.GetProperty("problemProducts").EnumerateArray().ToList();
        problems.Select(p => p.GetProperty("name").GetString()).Order().ShouldBe(["Bottines Chelsea en daim", "Jean droit brut"]);
        problems.ShouldAllBe(p => p.GetProperty("topReason").GetString() == "too_small"
            && p.GetProperty("returnRate").GetDouble() > p.GetProperty("categoryRate").GetDouble()
            && p.GetProperty("unitsSold").GetInt64() >= 20 && p.GetProperty("sku").GetString()!.Length > 0
            && p.GetProperty("unitsReturned").GetInt64() > 0);
        body.GetProperty("from").GetString().ShouldBe(Period()[5..15]);
    }

    [Theory]
    [InlineData("from=2026-02-30&to=2026-03-01", "from", "Saisissez une date au format AAAA-MM-JJ.")]
    [InlineData("from=2026-03-01", "to", "Saisissez une date au format AAAA-MM-JJ.")]
    [InlineData("from=2026-03-01&to=2026-02-01", "to", "La date de fin doit être postérieure à la date de début.")]
    [InlineData("from=2020-01-01&to=2023-01-02", "to", "La période ne peut pas dépasser 3 ans.")]
    public async Task Bad_input_is_a_400_listing_each_error(string query, string field, string message)
    {
        using var response = await SendAsync("/api/v1/analytics/summary?" + query, DemoKey);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.GetProperty(field).EnumerateArray().Select(e => e.GetString()).ShouldBe([message]);
    }

    [Fact]
    public async Task Two_malformed_dates_give_two_errors_in_english_when_asked()
    {
        using var response = await SendAsync("/api/v1/analytics/summary?from=yesterday&to=26/11/2026", DemoKey, "en");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Order().ShouldBe(["from", "to"]);
        errors.GetProperty("from")[0].GetString().ShouldBe("Enter a date as YYYY-MM-DD.");
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
