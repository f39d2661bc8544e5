using System.Net;
using System.Text;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
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

    [Fact]
    public async Task A_redemption_that_meets_a_database_outage_answers_503_not_a_conflict_and_spends_nothing()
    {
        var credited = await TestReturns.ReturnAsync(factory, ReturnStatus.Closed, Resolution.StoreCredit);
        var code = await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().StoreCreditAccounts
            .Where(a => a.CustomerEmail == credited.Email).Select(a => a.Code).SingleAsync());
        using var broken = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => _ = factory.Provider == DatabaseProvider.Sqlite
            ? s.ConfigureDbContext<SqliteReturnsDbContext>(o => o.AddInterceptors(new SavingMeetsAnOutage()))
            : s.ConfigureDbContext<PostgresReturnsDbContext>(o => o.AddInterceptors(new SavingMeetsAnOutage()))));

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/store-credit/{code}/redemptions")
        {
            Content = new StringContent("""{"amount": 1.00, "reference": "OUTAGE-1"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", DemoKey);
        using var response = await broken.CreateClient().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, "the client retries with the same reference; a 409 would say someone else spent it");
        response.Headers.RetryAfter.ShouldNotBeNull();
        (await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().StoreCreditEntries
            .CountAsync(e => e.Reference == "OUTAGE-1"))).ShouldBe(0);
    }

    /// <summary>Every save fails as a connection lost in the middle of it would (EF wraps the provider's error).</summary>
    private sealed class SavingMeetsAnOutage : SaveChangesInterceptor
    {
        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            throw new DbUpdateException("An error occurred while saving the entity changes.",
                new Npgsql.NpgsqlException("Exception while reading from stream", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionReset)));
    }

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
                db.ApiKeys.Add(new ApiKey { Name = "read only", KeyHash = ApiKey.Hash(readOnly), Scopes = ApiScopes.StoreCreditRead, CreatedAt = DateTime.UtcNow });
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
