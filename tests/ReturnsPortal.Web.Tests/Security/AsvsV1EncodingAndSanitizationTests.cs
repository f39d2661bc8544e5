using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Integrations;
using ReturnsPortal.Web.Tests.Infrastructure;
using ReturnsPortal.Web.Tests.Integrations;

namespace ReturnsPortal.Web.Tests.Security;

public sealed class AsvsV1EncodingAndSanitizationTests_Sqlite(SqlitePortalFactory factory)
    : AsvsV1EncodingAndSanitizationTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class AsvsV1EncodingAndSanitizationTests_Postgres(PostgresPortalFactory factory)
    : AsvsV1EncodingAndSanitizationTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>OWASP ASVS 5.0 chapter V1 Encoding and Sanitization, where 5.0 puts server-side request forgery (ADR 0123).</summary>
public abstract class AsvsV1EncodingAndSanitizationTests(PortalFactory factory)
{
    /// <summary>1.3.6: protect against SSRF by validating untrusted data against an allowlist before calling another service.</summary>
    [Fact]
    [Trait("ASVS", "5.0 V1.3.6")]
    public async Task A_webhook_aimed_at_the_cloud_metadata_address_or_loopback_never_leaves_the_portal()
    {
        using var receiver = new WebhookReceiver();
        await using var strict = OutboundHttpTests.Strict(factory);
        await FanOutAllAsync(strict.Services);
        var ids = new List<int>();
        foreach (var url in new[] { "http://169.254.169.254/latest/meta-data/iam/", receiver.Url, $"http://[::ffff:127.0.0.1]:{new Uri(receiver.Url).Port}/hooks/" })
        {
            var subscription = WebhookSubscription.Create(url, [WebhookEvents.StockChanged], WebhookSubscription.GenerateSecret(), "asvs", DateTime.UtcNow.AddSeconds(-1));
            await Db(async db =>
            {
                db.WebhookSubscriptions.Add(subscription);
                return await db.SaveChangesAsync();
            });
            ids.Add(subscription.Id);
        }
        await Db(async db =>
        {
            db.Outbox.Add(new OutboxMessage { Type = MessageTypes.StockChanged, Payload = """{"sku":"ASVS"}""", DedupeKey = $"asvs:{Guid.NewGuid():N}", OccurredAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        try
        {
            await FanOutAllAsync(strict.Services);
            await using (var scope = strict.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<WebhookSender>().DeliverBatchAsync(CancellationToken.None);
            }

            receiver.Requests.ShouldBeEmpty();
            var errors = await Db(db => db.WebhookDeliveries.AsNoTracking().Where(d => ids.Contains(d.SubscriptionId))
                .SelectMany(d => d.Log).Select(a => a.Error).ToListAsync());
            errors.Count.ShouldBe(3);
            errors.ShouldAllBe(e => e == OutboundFailure.PrivateAddress);
        }
        finally
        {
            await Db(db => db.WebhookSubscriptions.Where(s => ids.Contains(s.Id)).ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, false)));
        }
    }

    /// <summary>1.3.6: the untrusted URL an admin types is validated before it is ever stored.</summary>
    [Fact]
    [Trait("ASVS", "5.0 V1.3.6")]
    public async Task The_subscription_form_refuses_a_link_local_target_with_a_clear_message()
    {
        var admin = await factory.SignedInAsync("admin@example.fr");
        var page = await admin.GetDocumentAsync("/manage/webhooks");
        page.QuerySelector<IHtmlInputElement>("#event-stock-changed")!.IsChecked = true;
        const string url = "https://169.254.169.254/latest/meta-data/";

        using var refused = await admin.SubmitAsync(page, "#create-webhook", new Dictionary<string, string> { ["Form.Url"] = url });

        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.ReadDocumentAsync()).QuerySelector("[data-valmsg-for='Form.Url']").Text().ShouldContain("réseau privé");
        (await Db(db => db.WebhookSubscriptions.AnyAsync(s => s.Url == url))).ShouldBeFalse();
    }

    private Task<T> Db<T>(Func<ReturnsDbContext, Task<T>> query) => factory.WithScopeAsync(sp => query(sp.GetRequiredService<ReturnsDbContext>()));

    private static async Task FanOutAllAsync(IServiceProvider services)
    {
        for (var i = 0; i < 1000; i++)
        {
            await using var scope = services.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<WebhookFanOut>().FanOutBatchAsync(CancellationToken.None) == 0)
            {
                return;
            }
        }
    }
}
