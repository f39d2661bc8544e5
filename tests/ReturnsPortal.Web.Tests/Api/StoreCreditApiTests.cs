using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Api;

public sealed class StoreCreditApiTests_Sqlite(SqlitePortalFactory factory) : StoreCreditApiTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class StoreCreditApiTests_Postgres(PostgresPortalFactory factory) : StoreCreditApiTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>
/// The store-credit API's keys and scopes (the balance and redemptions are exercised after a real decision in DecideTests).
/// </summary>
public abstract class StoreCreditApiTests(PortalFactory factory)
{
    private const string DemoKey = "demo-api-key";

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? key = DemoKey, string? json = null)
    {
        var client = factory.CreateClient();
        using var request = new HttpRequestMessage(method, url);
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

    [Fact]
    public async Task The_store_credit_api_needs_a_key_and_redeeming_needs_the_write_scope()
    {
        const string readOnly = "read-only-store-credit-key";
        await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            if (!await db.ApiKeys.AnyAsync(k => k.Name == "read only"))
            {
                db.ApiKeys.Add(new ApiKey { Name = "read only", KeyHash = ApiKey.Hash(readOnly), Scopes = ApiScopes.ReturnsRead, CreatedAt = DateTime.UtcNow });
            }
            return await db.SaveChangesAsync();
        });
        var code = StoreCreditAccount.NewCode();
        using (var anonymous = await SendAsync(HttpMethod.Get, $"/api/v1/store-credit/{code}", key: null))
        {
            anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
        using (var readScope = await SendAsync(HttpMethod.Get, $"/api/v1/store-credit/{code}", key: readOnly))
        {
            readScope.StatusCode.ShouldBe(HttpStatusCode.NotFound, "allowed to read, and the code is unknown");
        }
        using var noWrite = await SendAsync(HttpMethod.Post, $"/api/v1/store-credit/{code}/redemptions", key: readOnly, json: """{"amount": 1, "reference": "X"}""");
        noWrite.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_redemption_body_is_validated_before_its_code_is_looked_up()
    {
        // One validation step for the whole API (ADR 0106): a body that breaks its rules is 422 whatever the code.
        using var invalid = await SendAsync(HttpMethod.Post, "/api/v1/store-credit/not-a-code/redemptions", json: """{"amount": -1, "reference": "X"}""");
        invalid.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        invalid.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var notJson = await SendAsync(HttpMethod.Post, "/api/v1/store-credit/not-a-code/redemptions", json: "amount=1");
        notJson.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
