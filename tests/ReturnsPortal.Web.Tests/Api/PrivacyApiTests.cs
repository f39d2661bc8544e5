using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Api;

public sealed class PrivacyApiTests_Sqlite(SqlitePortalFactory factory) : PrivacyApiTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class PrivacyApiTests_Postgres(PostgresPortalFactory factory) : PrivacyApiTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>GET /api/v1/customers/{email}/export and POST /api/v1/customers/{email}/erasure, scope customers:privacy (ADR 0127).</summary>
public abstract class PrivacyApiTests(PortalFactory factory)
{
    private const string DemoKey = "demo-api-key";

    [Fact]
    public async Task The_export_streams_the_customers_zip()
    {
        var history = await PrivacySteps.CustomerWithHistoryAsync(factory);

        using var response = await SendAsync(HttpMethod.Get, $"/api/v1/customers/{Uri.EscapeDataString(PrivacySteps.Typed(history.Email))}/export");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        PrivacySteps.Json(zip, "orders.json")[0].GetProperty("number").GetString().ShouldBe(history.OrderNumber);
        zip.Entries.Select(e => e.FullName).ShouldContain(n => n.StartsWith("photos/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_email_with_nothing_held_answers_404_problem_details()
    {
        using var export = await SendAsync(HttpMethod.Get, $"/api/v1/customers/personne-{Guid.NewGuid():N}@example.fr/export");
        using var erasure = await SendAsync(HttpMethod.Post, $"/api/v1/customers/personne-{Guid.NewGuid():N}@example.fr/erasure");
        using var invalid = await SendAsync(HttpMethod.Get, "/api/v1/customers/pas-un-email/export");

        export.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        export.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        erasure.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        invalid.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Erasure_answers_what_was_erased_and_kept_and_the_email_is_gone()
    {
        var history = await PrivacySteps.CustomerWithHistoryAsync(factory);

        using var response = await SendAsync(HttpMethod.Post, $"/api/v1/customers/{Uri.EscapeDataString(history.Email)}/erasure");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("emailHash").GetString().ShouldBe(PrivacySteps.HashOf(history.Email));
        body.GetProperty("orders").GetInt32().ShouldBe(1);
        body.GetProperty("photos").GetInt32().ShouldBe(2);
        body.GetProperty("withdrawalsKept").GetInt32().ShouldBe(1);
        body.GetProperty("settlementsKept").GetInt32().ShouldBe(1);
        (await PrivacySteps.DbAsync(factory, db => db.Orders.AsNoTracking().CountAsync(o => o.Email == history.Email))).ShouldBe(0);
        var record = await PrivacySteps.DbAsync(factory, db => db.CustomerErasures.AsNoTracking().SingleAsync(e => e.EmailHash == PrivacySteps.HashOf(history.Email)));
        record.ErasedBy.ShouldStartWith("api:key-");
        record.Channel.ShouldBe("api");

        // What is left is the withdrawal, kept as the law requires: the export says so, without the order.
        using var again = await SendAsync(HttpMethod.Get, $"/api/v1/customers/{Uri.EscapeDataString(history.Email)}/export");
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var zip = new ZipArchive(await again.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        PrivacySteps.Json(zip, "orders.json").GetArrayLength().ShouldBe(0);
        PrivacySteps.Json(zip, "withdrawals.json")[0].GetProperty("reference").GetString().ShouldBe(history.WithdrawalReference);
    }

    [Fact]
    public async Task Erasure_is_refused_with_409_while_a_refund_is_unpaid_and_says_which()
    {
        // A closed refund return: its refund is handed to the finance queue (Sent), not paid yet.
        var unpaid = await TestReturns.ReturnAsync(factory, ReturnStatus.Closed, Resolution.Refund);
        var open = await TestReturns.ReturnAsync(factory, ReturnStatus.Received);

        using var refused = await SendAsync(HttpMethod.Post, $"/api/v1/customers/{Uri.EscapeDataString(unpaid.Email)}/erasure");
        using var openRefused = await SendAsync(HttpMethod.Post, $"/api/v1/customers/{Uri.EscapeDataString(open.Email)}/erasure");

        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("unpaidRefunds")[0].GetString()!.ShouldContain(unpaid.Rma);
        problem.GetProperty("detail").GetString()!.ShouldContain(unpaid.Rma);
        openRefused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        JsonDocument.Parse(await openRefused.Content.ReadAsStringAsync()).RootElement.GetProperty("openReturns")[0].GetString().ShouldBe(open.Rma);
        (await PrivacySteps.DbAsync(factory, db => db.Orders.AsNoTracking().CountAsync(o => o.Email == unpaid.Email || o.Email == open.Email))).ShouldBe(2);
    }

    [Fact]
    public async Task Both_endpoints_need_the_customers_privacy_scope()
    {
        var history = await PrivacySteps.CustomerWithHistoryAsync(factory);
        var others = await NewKeyAsync(string.Join(' ', ApiScopes.All.Where(s => s != ApiScopes.CustomersPrivacy)));
        var privacyOnly = await NewKeyAsync(ApiScopes.CustomersPrivacy);
        var email = Uri.EscapeDataString(history.Email);

        using var exportWithout = await SendAsync(HttpMethod.Get, $"/api/v1/customers/{email}/export", others);
        using var erasureWithout = await SendAsync(HttpMethod.Post, $"/api/v1/customers/{email}/erasure", others);
        using var anonymous = await SendAsync(HttpMethod.Get, $"/api/v1/customers/{email}/export", key: null);
        using var exportWith = await SendAsync(HttpMethod.Get, $"/api/v1/customers/{email}/export", privacyOnly);

        exportWithout.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        erasureWithout.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        exportWith.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PrivacySteps.DbAsync(factory, db => db.Orders.AsNoTracking().CountAsync(o => o.Email == history.Email))).ShouldBe(1);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? key = DemoKey)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }
        return await factory.CreateClient().SendAsync(request);
    }

    private Task<string> NewKeyAsync(string scopes) =>
        PrivacySteps.DbAsync(factory, async db =>
        {
            var key = ApiKey.Generate();
            db.ApiKeys.Add(ApiKey.Create($"privacy {Guid.NewGuid():N}"[..30], scopes.Split(' '), key, null, DateTime.UtcNow));
            await db.SaveChangesAsync();
            return key;
        });
}
