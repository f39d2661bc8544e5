using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Tests.Infrastructure;
using ReturnsPortal.Web.Tests.Pages.Staff.Returns;

namespace ReturnsPortal.Web.Tests.Security;

public sealed class AsvsV8AuthorizationTests_Sqlite(SqlitePortalFactory factory) : AsvsV8AuthorizationTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class AsvsV8AuthorizationTests_Postgres(PostgresPortalFactory factory) : AsvsV8AuthorizationTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>OWASP ASVS 5.0 chapter V8 Authorization: API scopes per partner, store-credit codes per staff role (ADR 0124).</summary>
public abstract class AsvsV8AuthorizationTests(PortalFactory factory)
{
    /// <summary>8.2.1: function-level access is restricted to consumers with explicit permissions.</summary>
    [Fact]
    [Trait("ASVS", "5.0 V8.2.1")]
    public async Task A_returns_write_key_can_neither_post_carrier_events_nor_read_or_spend_store_credit()
    {
        var (_, code) = await DetailCreditCodeTests.ReturnWithStoreCreditAsync(factory);
        var returnsKey = await NewKeyAsync(ApiScopes.ReturnsRead, ApiScopes.ReturnsWrite);
        var carrierKey = await NewKeyAsync(ApiScopes.CarrierEventsWrite);
        var creditKey = await NewKeyAsync(ApiScopes.StoreCreditRead);
        var balanceBefore = await BalanceAsync(code);
        const string carrierEvent = """{"trackingNumber":"NO-SUCH-PARCEL","event":"picked_up","at":"2026-12-07T09:30:00Z"}""";

        using var carrierByReturnsKey = await SendAsync(HttpMethod.Post, "/api/v1/carrier-events", returnsKey, carrierEvent);
        using var readByReturnsKey = await SendAsync(HttpMethod.Get, $"/api/v1/store-credit/{code}", returnsKey);
        using var spendByReturnsKey = await SendAsync(HttpMethod.Post, $"/api/v1/store-credit/{code}/redemptions", returnsKey, """{"amount": 1, "reference": "ASVS-8"}""");
        using var spendByReadKey = await SendAsync(HttpMethod.Post, $"/api/v1/store-credit/{code}/redemptions", creditKey, """{"amount": 1, "reference": "ASVS-8"}""");
        using var carrierByCarrierKey = await SendAsync(HttpMethod.Post, "/api/v1/carrier-events", carrierKey, carrierEvent);
        using var readByCreditKey = await SendAsync(HttpMethod.Get, $"/api/v1/store-credit/{code}", creditKey);

        carrierByReturnsKey.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        readByReturnsKey.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        spendByReturnsKey.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        spendByReadKey.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        carrierByCarrierKey.StatusCode.ShouldNotBe(HttpStatusCode.Forbidden, "the carrier's own scope lets the event in (an unknown parcel is then not found)");
        readByCreditKey.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await BalanceAsync(code)).ShouldBe(balanceBefore);
    }

    /// <summary>8.2.3: field-level access is restricted to consumers with explicit permissions to specific fields.</summary>
    [Fact]
    [Trait("ASVS", "5.0 V8.2.3")]
    public async Task An_inspector_sees_only_the_last_four_characters_of_a_store_credit_code_an_agent_sees_it_all()
    {
        var (rma, code) = await DetailCreditCodeTests.ReturnWithStoreCreditAsync(factory);
        var inspector = await factory.SignedInAsync("inspector@example.fr");
        var agent = await factory.SignedInAsync("agent@example.fr");

        var masked = await inspector.GetDocumentAsync($"/staff/returns/{rma}");
        var full = await agent.GetDocumentAsync($"/staff/returns/{rma}");

        masked.QuerySelector("#credit-code").Text().ShouldBe(StoreCreditAccount.MaskCode(code));
        masked.DocumentElement.OuterHtml.ShouldNotContain(code);
        full.QuerySelector("#credit-code").Text().ShouldBe(code);
    }

    private async Task<string> NewKeyAsync(params string[] scopes)
    {
        var key = ApiKey.Generate();
        await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            db.ApiKeys.Add(ApiKey.Create($"asvs {Guid.NewGuid():N}", scopes, key, null, DateTime.UtcNow));
            return await db.SaveChangesAsync();
        });
        return key;
    }

    private Task<long> BalanceAsync(string code) => factory.WithScopeAsync(async sp =>
    {
        var account = await sp.GetRequiredService<ReturnsDbContext>().StoreCreditAccounts.AsNoTracking().Include(a => a.Entries).SingleAsync(a => a.Code == code);
        return account.Balance.Minor;
    });

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string key, string? json = null)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Add("X-Api-Key", key);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        return await factory.CreateClient().SendAsync(request);
    }
}
