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

public sealed class AsvsV13ConfigurationTests_Sqlite(SqlitePortalFactory factory) : AsvsV13ConfigurationTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class AsvsV13ConfigurationTests_Postgres(PostgresPortalFactory factory) : AsvsV13ConfigurationTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>OWASP ASVS 5.0 chapter V13 Configuration: the outbound allowlist (ADR 0123) and integration secrets at rest (ADR 0124).</summary>
public abstract class AsvsV13ConfigurationTests(PortalFactory factory)
{
    /// <summary>13.2.4: an allowlist defines the external resources the application may communicate with (outbound requests).</summary>
    [Fact]
    [Trait("ASVS", "5.0 V13.2.4")]
    public async Task Only_a_private_host_named_in_the_setting_is_called_the_same_server_under_another_name_is_not()
    {
        using var receiver = new WebhookReceiver();
        var port = new Uri(receiver.Url).Port;
        using var client = new HttpClient(OutboundHttp.CreateHandler(new OutboundOptions { AllowedPrivateHosts = { "127.0.0.1" } }, httpsOnly: false));

        using (var allowed = await client.PostAsync(receiver.Url, new StringContent("{}")))
        {
            allowed.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        var byName = await Should.ThrowAsync<HttpRequestException>(() => client.PostAsync($"http://localhost:{port}/hooks/", new StringContent("{}")));
        var byDefault = await Should.ThrowAsync<HttpRequestException>(() =>
            new HttpClient(OutboundHttp.CreateHandler(new OutboundOptions(), httpsOnly: false)).PostAsync(receiver.Url, new StringContent("{}")));

        OutboundFailure.Of(byName).ShouldBe(OutboundFailure.PrivateAddress);
        OutboundFailure.Of(byDefault).ShouldBe(OutboundFailure.PrivateAddress, "the allowlist is empty by default");
        receiver.Requests.Count.ShouldBe(1);
    }

    /// <summary>13.3.1: secrets for integrations with third-party systems are stored securely, not in clear.</summary>
    [Fact]
    [Trait("ASVS", "5.0 V13.3.1")]
    public async Task A_webhook_signing_secret_is_stored_encrypted_and_decrypted_only_to_sign()
    {
        using var receiver = new WebhookReceiver();
        var admin = await factory.SignedInAsync("admin@example.fr");
        var page = await admin.GetDocumentAsync("/manage/webhooks");
        page.QuerySelector<IHtmlInputElement>("#event-stock-changed")!.IsChecked = true;
        await FanOutAllAsync();
        using (var created = await admin.SubmitAsync(page, "#create-webhook", new Dictionary<string, string> { ["Form.Url"] = receiver.Url }))
        {
            created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        var secret = (await admin.GetDocumentAsync("/manage/webhooks")).QuerySelector("#new-secret-value").Text();
        var stored = await Db(db => db.WebhookSubscriptions.AsNoTracking().SingleAsync(s => s.Url == receiver.Url && s.IsActive));
        try
        {
            stored.Secret.ShouldStartWith(WebhookSecrets.Prefix);
            stored.Secret.ShouldNotContain(secret["whsec_".Length..]);
            await Db(async db =>
            {
                db.Outbox.Add(new OutboxMessage { Type = MessageTypes.StockChanged, Payload = """{"sku":"ASVS"}""", DedupeKey = $"asvs:{Guid.NewGuid():N}", OccurredAt = DateTime.UtcNow.AddSeconds(1) });
                return await db.SaveChangesAsync();
            });
            await FanOutAllAsync();
            await factory.WithScopeAsync(sp => sp.GetRequiredService<WebhookSender>().DeliverBatchAsync(CancellationToken.None));

            var received = receiver.Requests.ShouldHaveSingleItem();
            WebhookSignature.Verify(secret, received.Headers[WebhookSignature.TimestampHeader], received.Body, received.Headers[WebhookSignature.SignatureHeader])
                .ShouldBeTrue("the receiver checks with the secret it was shown once");
        }
        finally
        {
            await Db(db => db.WebhookSubscriptions.Where(s => s.Id == stored.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, false)));
        }
    }

    private Task<T> Db<T>(Func<ReturnsDbContext, Task<T>> query) => factory.WithScopeAsync(sp => query(sp.GetRequiredService<ReturnsDbContext>()));

    private async Task FanOutAllAsync()
    {
        for (var i = 0; i < 1000 && await factory.WithScopeAsync(sp => sp.GetRequiredService<WebhookFanOut>().FanOutBatchAsync(CancellationToken.None)) > 0; i++)
        {
        }
    }
}
