using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Integrations;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Integrations;

public sealed class WebhookTests_Sqlite(SqlitePortalFactory factory) : WebhookTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class WebhookTests_Postgres(PostgresPortalFactory factory) : WebhookTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>Webhooks end to end over real HTTP on loopback: fan-out from the outbox, signature, retries with back-off, the log and Retry.</summary>
public abstract class WebhookTests(PortalFactory factory)
{
    [Fact]
    public async Task A_status_change_reaches_the_receiver_signed_over_real_http()
    {
        using var receiver = new WebhookReceiver();
        var (id, secret) = await SubscribeAsync(receiver.Url, WebhookEvents.ReturnStatusChanged);
        var rma = await ApproveARequestedReturnAsync();

        await FanOutAllAsync();
        await DeliverAsync();

        var received = receiver.Requests.ShouldHaveSingleItem();
        var timestamp = received.Headers[WebhookSignature.TimestampHeader];
        received.Headers[WebhookSignature.EventHeader].ShouldBe("return.status_changed");
        received.Headers[WebhookSignature.SignatureHeader].ShouldStartWith("sha256=");
        WebhookSignature.Verify(secret, timestamp, received.Body, received.Headers[WebhookSignature.SignatureHeader]).ShouldBeTrue();
        WebhookSignature.Verify("whsec_wrong", timestamp, received.Body, received.Headers[WebhookSignature.SignatureHeader]).ShouldBeFalse();
        long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        using var body = JsonDocument.Parse(received.Body);
        body.RootElement.GetProperty("event").GetString().ShouldBe("return.status_changed");
        body.RootElement.GetProperty("data").GetProperty("rma").GetString().ShouldBe(rma);
        body.RootElement.GetProperty("data").GetProperty("to").GetString().ShouldBe("Approved");
        var delivery = await DeliveryAsync(id);
        delivery.Status.ShouldBe(WebhookDeliveryStatus.Delivered);
        delivery.Log.ShouldHaveSingleItem().StatusCode.ShouldBe(200);

        // A secret stored in clear (a row from before ADR 0124) is encrypted on its first use, and still signs.
        (await Db(db => db.WebhookSubscriptions.AsNoTracking().SingleAsync(s => s.Id == id))).Secret.ShouldStartWith(WebhookSecrets.Prefix);

        // Fanning out again creates nothing more: each message is fanned out once.
        await FanOutAllAsync();
        (await Db(db => db.WebhookDeliveries.CountAsync(d => d.SubscriptionId == id))).ShouldBe(1);
        await PauseAsync(id);
    }

    [Fact]
    public async Task A_status_change_made_by_an_inspector_reaches_receivers_with_the_role_and_without_email_or_note()
    {
        using var receiver = new WebhookReceiver();
        var (id, _) = await SubscribeAsync(receiver.Url, WebhookEvents.ReturnStatusChanged);
        const string note = "Note interne : client déjà signalé";
        var rma = await Db(async db =>
        {
            var request = await db.Returns.Include(r => r.Policy).Where(r => r.Status == ReturnStatus.Requested).OrderBy(r => r.Id).FirstAsync();
            request.Reject(note, "inspector@example.fr", DateTime.UtcNow);
            await db.SaveChangesAsync();
            return request.Rma;
        });

        await FanOutAllAsync();
        await DeliverAsync();

        var received = receiver.Requests.ShouldHaveSingleItem();
        {
            received.Body.ShouldNotContain("@");
            received.Body.ShouldNotContain("Note interne");
            using var body = JsonDocument.Parse(received.Body);
            var data = body.RootElement.GetProperty("data");
            data.GetProperty("rma").GetString().ShouldBe(rma);
            data.GetProperty("actor").GetString().ShouldBe("inspector");
            data.GetProperty("to").GetString().ShouldBe("Rejected");
            data.TryGetProperty("note", out _).ShouldBeFalse();
        }
        // The outbox keeps the whole payload: e-mails still need the note and who acted.
        (await Db(db => db.Outbox.AsNoTracking().Where(m => m.Payload.Contains(rma) && m.Type == MessageTypes.ReturnStatusChanged).Select(m => m.Payload).ToListAsync()))
            .ShouldContain(p => p.Contains("inspector@example.fr"));
        await PauseAsync(id);
    }

    [Fact]
    public async Task A_receiver_answering_500_gets_retries_with_back_off_then_the_delivery_and_emails_are_untouched()
    {
        using var receiver = new WebhookReceiver(500, 503);
        var (id, _) = await SubscribeAsync(receiver.Url, WebhookEvents.ReturnCreated);
        var messageId = await AddOutboxMessageAsync(WebhookEvents.ReturnCreated);
        await FanOutAllAsync();

        var started = DateTime.UtcNow;
        await DeliverAsync();
        var first = await DeliveryAsync(id);
        first.Status.ShouldBe(WebhookDeliveryStatus.Pending);
        first.NextAttemptAt!.Value.ShouldBeInRange(started.AddSeconds(29), DateTime.UtcNow.AddSeconds(31));
        (await DeliverAsync()).ShouldBe(0, "not due before its back-off");

        await MakeDueAsync(first.Id);
        var before = DateTime.UtcNow;
        await DeliverAsync();
        var second = await DeliveryAsync(id);
        second.NextAttemptAt!.Value.ShouldBeInRange(before.AddSeconds(59), DateTime.UtcNow.AddSeconds(61));

        await MakeDueAsync(first.Id);
        await DeliverAsync();
        var done = await DeliveryAsync(id);

        done.Status.ShouldBe(WebhookDeliveryStatus.Delivered);
        done.Log.OrderBy(a => a.Id).Select(a => a.StatusCode).ShouldBe([500, 503, 200]);
        receiver.Requests.Select(r => r.Body).Distinct().ShouldHaveSingleItem("every try sends the same body");
        var message = await Db(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == messageId));
        message.Attempts.ShouldBe(0);
        message.LastError.ShouldBeNull();
        await PauseAsync(id);
    }

    [Fact]
    public async Task A_failed_delivery_shows_each_attempt_in_the_log_and_Retry_sends_it_again()
    {
        using var receiver = new WebhookReceiver(500);
        var (id, _) = await SubscribeAsync(receiver.Url, WebhookEvents.WithdrawalReceived);
        await AddOutboxMessageAsync(WebhookEvents.WithdrawalReceived);
        await FanOutAllAsync();
        var delivery = await DeliveryAsync(id);
        // The last allowed attempt fails: the delivery is failed, not retried by itself.
        await Db(db => db.WebhookDeliveries.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.Attempts, 7)));
        await DeliverAsync();
        (await DeliveryAsync(id)).Status.ShouldBe(WebhookDeliveryStatus.Failed);

        var admin = await factory.SignedInAsync("admin@example.fr");
        var log = await admin.GetDocumentAsync($"/manage/webhooks/deliveries?subscription={id}");
        log.QuerySelector($"#delivery-{delivery.Id} .delivery-attempts").Text().ShouldContain("500");
        using var retried = await admin.SubmitAsync(log, $"#delivery-{delivery.Id} form", new Dictionary<string, string>());
        retried.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await DeliverAsync();

        var after = await DeliveryAsync(id);
        after.Status.ShouldBe(WebhookDeliveryStatus.Delivered);
        after.Log.OrderBy(a => a.Id).Select(a => a.StatusCode).ShouldBe([500, 200]);
        await PauseAsync(id);
    }

    [Fact]
    public async Task An_admin_subscribes_an_https_url_and_sees_the_secret_once_a_plain_http_url_is_refused()
    {
        var admin = await factory.SignedInAsync("admin@example.fr");
        var page = await admin.GetDocumentAsync("/manage/webhooks");
        page.QuerySelector<IHtmlInputElement>("#event-return-resolved")!.IsChecked = true;

        using var refused = await admin.SubmitAsync(page, "#create-webhook", new Dictionary<string, string> { ["Form.Url"] = "http://shop.example.com/hook" });
        var url = $"https://shop.example.com/hooks/{Guid.NewGuid():N}";
        using var created = await admin.SubmitAsync(page, "#create-webhook", new Dictionary<string, string> { ["Form.Url"] = url });

        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.ReadDocumentAsync()).QuerySelector("[data-valmsg-for='Form.Url']").Text().ShouldBe("Saisissez une adresse https:// (http:// seulement pour localhost).");
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var shown = await admin.GetDocumentAsync("/manage/webhooks");
        var secret = shown.QuerySelector("#new-secret-value").Text();
        secret.ShouldStartWith("whsec_");
        (await admin.GetDocumentAsync("/manage/webhooks")).QuerySelector("#new-secret").ShouldBeNull();
        var stored = await Db(db => db.WebhookSubscriptions.AsNoTracking().SingleAsync(s => s.Url == url));
        stored.Events.ShouldBe("return.resolved");
        // Encrypted at rest (ADR 0124): the column never holds the secret that was shown.
        stored.Secret.ShouldStartWith(WebhookSecrets.Prefix);
        stored.Secret.ShouldNotContain(secret);
        (await Db(db => db.WebhookSubscriptions.AnyAsync(s => s.Url == "http://shop.example.com/hook"))).ShouldBeFalse();
        await PauseAsync(stored.Id);
    }

    private Task<T> Db<T>(Func<ReturnsDbContext, Task<T>> query) => factory.WithScopeAsync(sp => query(sp.GetRequiredService<ReturnsDbContext>()));

    private async Task<(int Id, string Secret)> SubscribeAsync(string url, params string[] events)
    {
        var secret = WebhookSubscription.GenerateSecret();
        var subscription = WebhookSubscription.Create(url, events, secret, "test", DateTime.UtcNow.AddSeconds(-1));
        await Db(async db =>
        {
            db.WebhookSubscriptions.Add(subscription);
            return await db.SaveChangesAsync();
        });
        return (subscription.Id, secret);
    }

    private Task<int> PauseAsync(int id) =>
        Db(db => db.WebhookSubscriptions.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, false)));

    private async Task<string> ApproveARequestedReturnAsync() => await Db(async db =>
    {
        var request = await db.Returns.Include(r => r.Policy).Where(r => r.Status == ReturnStatus.Requested).OrderBy(r => r.Id).FirstAsync();
        request.Approve("test", DateTime.UtcNow);
        await db.SaveChangesAsync();
        return request.Rma;
    });

    private async Task<long> AddOutboxMessageAsync(string type) => await Db(async db =>
    {
        var message = new OutboxMessage
        {
            Type = type,
            Payload = """{"reference":"TEST"}""",
            DedupeKey = $"test:{Guid.NewGuid():N}",
            OccurredAt = DateTime.UtcNow,
            // Not an e-mail anyone should get: the e-mail dispatcher is off in tests anyway.
        };
        db.Outbox.Add(message);
        await db.SaveChangesAsync();
        return message.Id;
    });

    private async Task FanOutAllAsync()
    {
        for (var i = 0; i < 1000 && await factory.WithScopeAsync(sp => sp.GetRequiredService<WebhookFanOut>().FanOutBatchAsync(CancellationToken.None)) > 0; i++)
        {
        }
    }

    private Task<int> DeliverAsync() => factory.WithScopeAsync(sp => sp.GetRequiredService<WebhookSender>().DeliverBatchAsync(CancellationToken.None));

    private Task<int> MakeDueAsync(long deliveryId) =>
        Db(db => db.WebhookDeliveries.Where(d => d.Id == deliveryId).ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, DateTime.UtcNow.AddSeconds(-1))));

    private Task<WebhookDelivery> DeliveryAsync(int subscriptionId) =>
        Db(db => db.WebhookDeliveries.AsNoTracking().Include(d => d.Log).SingleAsync(d => d.SubscriptionId == subscriptionId));
}
