using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Api;

public sealed class CustomerApiTests_Sqlite(SqlitePortalFactory factory) : CustomerApiTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class CustomerApiTests_Postgres(PostgresPortalFactory factory) : CustomerApiTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>GET /api/v1/reasons and /api/v1/orders/{number}/eligibility: API key, language, shapes and problem details.</summary>
public abstract class CustomerApiTests(PortalFactory factory)
{
    private const string DemoKey = "demo-api-key";

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    public async Task Without_a_valid_key_the_api_answers_401_problem_details(string? key)
    {
        using var response = await SendAsync("/api/v1/reasons", key);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var problem = await ProblemAsync(response);
        problem.GetProperty("status").GetInt32().ShouldBe(401);
        problem.GetProperty("title").GetString().ShouldBe("Clé d'API requise");
    }

    [Fact]
    public async Task A_key_without_the_returns_read_scope_gets_403()
    {
        var key = $"stock-only-{Guid.NewGuid():N}";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
            db.ApiKeys.Add(new ApiKey { Name = key, KeyHash = ApiKey.Hash(key), Scopes = ApiScopes.StockRead, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        using var response = await SendAsync("/api/v1/reasons", key);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ProblemAsync(response)).GetProperty("detail").GetString().ShouldBe("Cette clé d'API n'a pas le droit returns:read.");
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("en-GB,en;q=0.9", true)]
    public async Task Reasons_come_in_the_requested_language_with_their_flags(string? acceptLanguage, bool english)
    {
        using var response = await SendAsync("/api/v1/reasons", DemoKey, acceptLanguage);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var reasons = await response.Content.ReadFromJsonAsync<JsonElement[]>();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var expected = await db.Reasons.Where(r => r.IsActive).OrderBy(r => r.SortOrder).ThenBy(r => r.Code).ToListAsync();
        reasons.ShouldNotBeNull();
        reasons.Select(r => r.GetProperty("code").GetString()).ShouldBe(expected.Select(r => r.Code));
        reasons.Select(r => r.GetProperty("label").GetString()).ShouldBe(expected.Select(r => english ? r.LabelEn : r.LabelFr));
        reasons.Select(r => r.GetProperty("isDefect").GetBoolean()).ShouldBe(expected.Select(r => r.IsDefect));
        reasons.Select(r => r.GetProperty("photoRequired").GetBoolean()).ShouldBe(expected.Select(r => r.PhotoWanted));
        expected.ShouldContain(r => r.IsDefect);
    }

    [Fact]
    public async Task Eligibility_lists_each_line_with_its_deadline_or_reason()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var delivered = await db.Orders.Where(o => o.Number == "DEMO-1001").Select(o => o.DeliveredAt).SingleAsync();
        var deadline = ReturnEligibility.ParisDate(delivered!.Value).AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        using var response = await SendAsync("/api/v1/orders/demo-1001/eligibility?email=Client@Example.fr", DemoKey);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("orderNumber").GetString().ShouldBe("DEMO-1001");
        body.GetProperty("deliveredAt").GetDateTime().ToUniversalTime().ShouldBe(delivered.Value, TimeSpan.FromSeconds(1));
        body.GetProperty("withdrawalOpen").GetBoolean().ShouldBeTrue();
        var lines = body.GetProperty("lines").EnumerateArray().ToList();
        lines.Count.ShouldBe(3);
        lines[0].GetProperty("eligible").GetBoolean().ShouldBeTrue();
        lines[0].GetProperty("deadline").GetString().ShouldBe(deadline);
        lines[0].GetProperty("quantityOrdered").GetInt32().ShouldBe(1);
        lines[0].GetProperty("quantityReturnable").GetInt32().ShouldBe(1);
        lines[0].GetProperty("notEligibleReason").ValueKind.ShouldBe(JsonValueKind.Null);
        lines[0].GetProperty("lineId").GetInt32().ShouldBeGreaterThan(0);
        lines[0].GetProperty("sku").GetString().ShouldBe("VET-TSH-001-M-NOIR");
        lines[0].GetProperty("name").GetString().ShouldBe("T-shirt col rond en coton bio");
        var hygiene = lines[2];
        hygiene.GetProperty("eligible").GetBoolean().ShouldBeFalse();
        hygiene.GetProperty("notEligibleReason").GetString().ShouldBe("nonReturnable");
        hygiene.GetProperty("nonReturnableReason").GetString().ShouldBe("hygiene");
        hygiene.GetProperty("defectOnly").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Eligibility_of_an_order_past_its_window_says_window_closed()
    {
        using var response = await SendAsync("/api/v1/orders/DEMO-1002/eligibility?email=client@example.fr", DemoKey);

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("notEligibleReason").GetString())
            .ShouldBe(["windowClosed", "windowClosed"]);
        body.GetProperty("withdrawalOpen").GetBoolean().ShouldBeFalse();
    }

    [Theory]
    [InlineData("/api/v1/orders/DEMO-1001/eligibility", "email")]
    [InlineData("/api/v1/orders/DEMO-1001/eligibility?email=not-an-email", "email")]
    public async Task A_missing_or_invalid_email_is_a_validation_problem_naming_the_field(string url, string field)
    {
        using var response = await SendAsync(url, DemoKey);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await ProblemAsync(response);
        problem.GetProperty("errors").GetProperty(field).EnumerateArray().ShouldNotBeEmpty();
    }

    [Theory]
    [InlineData("DEMO-1001", "someone.else@example.fr")]
    [InlineData("NOPE-0000", "client@example.fr")]
    public async Task A_wrong_pair_is_one_neutral_404(string number, string email)
    {
        using var response = await SendAsync($"/api/v1/orders/{number}/eligibility?email={Uri.EscapeDataString(email)}", DemoKey);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ProblemAsync(response)).GetProperty("title").GetString().ShouldBe("Commande introuvable");
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

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
