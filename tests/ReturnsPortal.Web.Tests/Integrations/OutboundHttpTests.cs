using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Integrations;
using ReturnsPortal.Web.Payments;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Integrations;

public sealed class OutboundHttpTests_Sqlite(SqlitePortalFactory factory) : OutboundHttpTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class OutboundHttpTests_Postgres(PostgresPortalFactory factory) : OutboundHttpTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>
/// The guarded handler of every outbound call (ADR 0123), over real sockets: loopback, link-local and a name resolving to
/// loopback are refused at connect, the delivery log shows the class only; plain http is refused outside Development.
/// </summary>
public abstract class OutboundHttpTests(PortalFactory factory)
{
    [Fact]
    public async Task A_webhook_to_loopback_metadata_or_a_name_resolving_to_loopback_is_refused_at_connect_and_the_log_shows_the_class()
    {
        using var receiver = new WebhookReceiver();
        var port = new Uri(receiver.Url).Port;
        await using var strict = Strict(factory);
        await FanOutAllAsync(strict);
        var loopback = await SubscribeAsync(receiver.Url);
        var byName = await SubscribeAsync($"http://localhost:{port}/hooks/");
        var metadata = await SubscribeAsync("http://169.254.169.254/latest/meta-data/");
        await AddOutboxMessageAsync();
        try
        {
            await FanOutAllAsync(strict);
            await DeliverAsync(strict);

            receiver.Requests.ShouldBeEmpty("nothing reached the local server");
            foreach (var id in new[] { loopback, byName, metadata })
            {
                var attempt = (await DeliveryAsync(id)).Log.ShouldHaveSingleItem();
                attempt.Error.ShouldBe(OutboundFailure.PrivateAddress);
                attempt.StatusCode.ShouldBeNull();
            }
            var admin = await factory.SignedInAsync("admin@example.fr");
            var log = await admin.GetDocumentAsync($"/manage/webhooks/deliveries?subscription={metadata}");
            var shown = log.QuerySelector(".delivery-attempts").Text();
            shown.ShouldContain("refusé : adresse privée");
            shown.ShouldNotContain("Exception");
            shown.ShouldNotContain("169.254");
        }
        finally
        {
            await PauseAsync(loopback, byName, metadata);
        }
    }

    [Fact]
    public async Task The_same_local_server_is_reached_when_its_host_is_allowed_by_name()
    {
        // The test factories allow 127.0.0.1 (Outbound:AllowedPrivateHosts): the refusal above is the guard, not the server.
        using var receiver = new WebhookReceiver();
        var id = await SubscribeAsync(receiver.Url);
        await FanOutAllAsync(factory);
        await AddOutboxMessageAsync();
        try
        {
            await FanOutAllAsync(factory);
            await DeliverAsync(factory);

            receiver.Requests.ShouldHaveSingleItem();
            (await DeliveryAsync(id)).Status.ShouldBe(WebhookDeliveryStatus.Delivered);
        }
        finally
        {
            await PauseAsync(id);
        }
    }

    [Fact]
    public async Task Outside_development_plain_http_is_refused_at_connect_and_a_refused_connection_is_named_so()
    {
        using var receiver = new WebhookReceiver();
        var allowLocal = new OutboundOptions { AllowedPrivateHosts = { "127.0.0.1" } };
        using var production = new HttpClient(OutboundHttp.CreateHandler(allowLocal, httpsOnly: true));
        using var development = new HttpClient(OutboundHttp.CreateHandler(allowLocal, httpsOnly: false));

        var plain = await Should.ThrowAsync<HttpRequestException>(() => production.PostAsync(receiver.Url, new StringContent("{}")));
        OutboundFailure.Of(plain).ShouldBe(OutboundFailure.PlainHttp);
        receiver.Requests.ShouldBeEmpty();
        using (var reached = await development.PostAsync(receiver.Url, new StringContent("{}")))
        {
            reached.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var closed = FreePort();
        var refused = await Should.ThrowAsync<HttpRequestException>(() => development.GetAsync($"http://127.0.0.1:{closed}/"));
        OutboundFailure.Of(refused).ShouldBe(OutboundFailure.ConnectionRefused);
    }

    [Fact]
    public async Task Stripe_calls_go_through_the_same_guard()
    {
        using var receiver = new WebhookReceiver();
        await using var stripe = Strict(factory, b => b
            .UseSetting("Payments:Provider", "Stripe")
            .UseSetting("Payments:Stripe:SecretKey", "rk_test_local")
            .UseSetting("Payments:Stripe:WebhookSecret", "whsec_local")
            .UseSetting("Payments:Stripe:WorkerEnabled", "false"));
        var client = stripe.Services.GetRequiredService<IHttpClientFactory>().CreateClient(StripeRefunds.HttpClientName);

        var refused = await Should.ThrowAsync<HttpRequestException>(() => client.PostAsync(receiver.Url, new StringContent("amount=1")));

        OutboundFailure.Of(refused).ShouldBe(OutboundFailure.PrivateAddress);
        receiver.Requests.ShouldBeEmpty();
    }

    /// <summary>The same app and database without the test factories' allowance of 127.0.0.1.</summary>
    internal static WebApplicationFactory<Program> Strict(PortalFactory factory, Action<IWebHostBuilder>? more = null) =>
        factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Outbound:AllowedPrivateHosts:0", "receiver.invalid");
            more?.Invoke(b);
        });

    private static int FreePort()
    {
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private Task<T> Db<T>(Func<ReturnsDbContext, Task<T>> query) => factory.WithScopeAsync(sp => query(sp.GetRequiredService<ReturnsDbContext>()));

    private async Task<int> SubscribeAsync(string url)
    {
        var subscription = WebhookSubscription.Create(url, [WebhookEvents.StockChanged], WebhookSubscription.GenerateSecret(), "test", DateTime.UtcNow.AddSeconds(-1));
        await Db(async db =>
        {
            db.WebhookSubscriptions.Add(subscription);
            return await db.SaveChangesAsync();
        });
        return subscription.Id;
    }

    private Task<int> PauseAsync(params int[] ids) =>
        Db(db => db.WebhookSubscriptions.Where(s => ids.Contains(s.Id)).ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, false)));

    private Task<int> AddOutboxMessageAsync() => Db(async db =>
    {
        db.Outbox.Add(new OutboxMessage
        {
            Type = MessageTypes.StockChanged,
            Payload = """{"sku":"TEST"}""",
            DedupeKey = $"test:{Guid.NewGuid():N}",
            OccurredAt = DateTime.UtcNow,
        });
        return await db.SaveChangesAsync();
    });

    private static async Task FanOutAllAsync(WebApplicationFactory<Program> app)
    {
        for (var i = 0; i < 1000; i++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<WebhookFanOut>().FanOutBatchAsync(CancellationToken.None) == 0)
            {
                return;
            }
        }
    }

    private static async Task<int> DeliverAsync(WebApplicationFactory<Program> app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WebhookSender>().DeliverBatchAsync(CancellationToken.None);
    }

    private Task<WebhookDelivery> DeliveryAsync(int subscriptionId) =>
        Db(db => db.WebhookDeliveries.AsNoTracking().Include(d => d.Log).SingleAsync(d => d.SubscriptionId == subscriptionId));
}
