using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Files;
using ReturnsPortal.Web.Hosting;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Security;

public sealed class AsvsV14DataProtectionTests_Sqlite(SqlitePortalFactory factory) : AsvsV14DataProtectionTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class AsvsV14DataProtectionTests_Postgres(PostgresPortalFactory factory) : AsvsV14DataProtectionTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>OWASP ASVS 5.0, V14 Data Protection: the customers' personal data (ADR 0127, docs/privacy.md).</summary>
public abstract class AsvsV14DataProtectionTests(PortalFactory factory)
{
    /// <summary>V14.2.7: sensitive personal information is deleted automatically, on a schedule, when out of date.</summary>
    [Fact]
    [Trait("ASVS", "5.0 V14.2.7")]
    public async Task Personal_data_past_its_retention_period_is_deleted_by_a_job_that_runs_by_default()
    {
        // The job is on unless switched off (the test factory switches it off so seeded data stays as seeded).
        new RetentionOptions().Enabled.ShouldBeTrue();
        using var scheduled = factory.WithWebHostBuilder(b => b.UseSetting("Retention:Enabled", "true"));
        scheduled.Services.GetServices<IHostedService>().OfType<RetentionWorker>().ShouldHaveSingleItem();

        var order = await TestReturns.NewOrderAsync(factory);
        var draftId = await PrivacySteps.DbAsync(factory, async db =>
        {
            var draft = new ReturnDraft(order.Id, DateTime.UtcNow.AddDays(-10));
            db.ReturnDrafts.Add(draft);
            await db.SaveChangesAsync();
            return draft.Id;
        });
        await factory.WithScopeAsync(sp => new RetentionRules(sp.GetRequiredService<ReturnsDbContext>(), sp.GetRequiredService<IFileStore>(),
            new RetentionOptions(), TimeProvider.System).RunAsync(default));

        (await PrivacySteps.DbAsync(factory, db => db.ReturnDrafts.AnyAsync(d => d.Id == draftId))).ShouldBeFalse();
    }

    /// <summary>V14.2.7: personal information is deleted as the situation requires (a customer's erasure request).</summary>
    [Fact]
    [Trait("ASVS", "5.0 V14.2.7")]
    public async Task A_customers_erasure_leaves_no_email_or_photo_outside_the_records_the_law_keeps()
    {
        var history = await PrivacySteps.CustomerWithHistoryAsync(factory);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/customers/{Uri.EscapeDataString(history.Email)}/erasure", UriKind.Relative));
        request.Headers.Add("X-Api-Key", "demo-api-key");

        using var response = await factory.CreateClient().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PrivacySteps.DbAsync(factory, async db =>
            await db.Orders.CountAsync(o => o.Email == history.Email)
            + await db.Customers.CountAsync(c => c.Email == history.Email)
            + await db.StoreCreditAccounts.CountAsync(a => a.CustomerEmail == history.Email)
            + await db.Outbox.CountAsync(m => m.Payload.Contains(history.Email))
            + await db.SentEmails.CountAsync(e => e.Recipient == history.Email && e.MessageId != history.AckMessageId))).ShouldBe(0);
        (await PrivacySteps.FileExistsAsync(factory, history.CustomerPhotoKey)).ShouldBeFalse();
    }

    /// <summary>V14.3.2: anti-caching headers (Cache-Control: no-store) so that sensitive data is not cached in browsers.</summary>
    [Fact]
    [Trait("ASVS", "5.0 V14.3.2")]
    public async Task A_customers_data_page_and_exports_are_never_cached()
    {
        var history = await PrivacySteps.CustomerWithHistoryAsync(factory);
        var admin = await factory.SignedInAsync("admin@example.fr");
        var path = "/manage/customers/" + Uri.EscapeDataString(history.Email);
        using var apiRequest = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/v1/customers/{Uri.EscapeDataString(history.Email)}/export", UriKind.Relative));
        apiRequest.Headers.Add("X-Api-Key", "demo-api-key");

        using var page = await admin.GetAsync(new Uri(path, UriKind.Relative));
        using var export = await admin.GetAsync(new Uri(path + "?handler=Export", UriKind.Relative));
        using var api = await factory.CreateClient().SendAsync(apiRequest);

        foreach (var response in new[] { page, export, api })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Headers.CacheControl.ShouldNotBeNull();
            response.Headers.CacheControl.NoStore.ShouldBeTrue(response.RequestMessage!.RequestUri!.ToString());
        }
    }
}
