using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Notifications;
using ReturnsPortal.Web.Pages.Returns.Track;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Returns.Track;

/// <summary>
/// The tracking and label links of customer e-mails (ADR 0092): signed for one RMA, expiring after 30 days. A fresh
/// client (no cookie) stands for the customer clicking the link in their mailbox.
/// </summary>
public abstract partial class EmailLinkTests(PortalFactory factory)
{
    [Fact]
    public async Task The_tracking_link_of_the_email_opens_the_return_without_the_form()
    {
        var rma = await NewRmaAsync(ReturnStatus.Approved);
        var (track, _) = await LinksOfCreatedEmailAsync(rma);
        var client = factory.CreateBrowserLikeClient();

        using var response = await client.GetAsync(new Uri(track, UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith(ReturnAccess.CookieName + "=", StringComparison.Ordinal));
        // The token leaves the address bar: the return's page itself comes next.
        var location = response.Headers.Location!.OriginalString;
        location.ShouldBe($"/returns/track/{rma.ToLowerInvariant()}");
        var page = await client.GetDocumentAsync(location);
        page.QuerySelector("#rma").Text().ShouldBe(rma);
        page.QuerySelector("#timeline").ShouldNotBeNull();
    }

    [Fact]
    public async Task The_label_link_of_the_email_downloads_the_pdf_directly()
    {
        var rma = await NewRmaAsync(ReturnStatus.Approved);
        var (_, label) = await LinksOfCreatedEmailAsync(rma);
        var client = factory.CreateBrowserLikeClient();

        using var response = await client.GetAsync(new Uri(label, UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var pdf = await response.Content.ReadAsByteArrayAsync();
        System.Text.Encoding.ASCII.GetString(pdf, 0, 5).ShouldBe("%PDF-");
        (await PdfCodes.DecodeAsync(pdf)).ShouldContain($"CODE-128:{rma}");
    }

    [Fact]
    public async Task A_link_sent_29_days_ago_still_opens_the_return()
    {
        var rma = await NewRmaAsync(ReturnStatus.Received);
        var token = LinksAt(DateTimeOffset.UtcNow.AddDays(-29)).Token(rma);
        var client = factory.CreateBrowserLikeClient();

        using var response = await client.GetAsync(new Uri($"/returns/track/{rma}?t={Uri.EscapeDataString(token)}", UriKind.Relative));

        response.Headers.Location!.OriginalString.ShouldBe($"/returns/track/{rma.ToLowerInvariant()}");
        (await client.GetDocumentAsync(response.Headers.Location.OriginalString)).QuerySelector("#rma").Text().ShouldBe(rma);
    }

    [Fact]
    public async Task An_expired_link_shows_the_form_with_a_message_and_grants_nothing()
    {
        var rma = await NewRmaAsync(ReturnStatus.Approved);
        // The e-mail was sent 31 days ago: its links expired yesterday.
        var token = LinksAt(DateTimeOffset.UtcNow.AddDays(-31)).Token(rma);

        await RefusedAsync(rma, $"/returns/track/{rma}?t={Uri.EscapeDataString(token)}");
        await RefusedAsync(rma, $"/returns/track/{rma}/label?t={Uri.EscapeDataString(token)}");
    }

    [Fact]
    public async Task A_tampered_link_shows_the_form_with_a_message_and_grants_nothing()
    {
        var rma = await NewRmaAsync(ReturnStatus.Approved);
        var token = LinksAt(DateTimeOffset.UtcNow).Token(rma);
        var middle = token.Length / 2;
        var tampered = token[..middle] + (token[middle] == 'A' ? 'B' : 'A') + token[(middle + 1)..];

        await RefusedAsync(rma, $"/returns/track/{rma}?t={Uri.EscapeDataString(tampered)}");
        await RefusedAsync(rma, $"/returns/track/{rma}/label?t={Uri.EscapeDataString(tampered)}");
        await RefusedAsync(rma, $"/returns/track/{rma}?t=not-a-token");
    }

    [Fact]
    public async Task The_link_of_one_return_does_not_open_another()
    {
        var mine = await NewRmaAsync(ReturnStatus.InTransit);
        var other = await NewRmaAsync(ReturnStatus.InTransit);
        var token = LinksAt(DateTimeOffset.UtcNow).Token(mine);

        await RefusedAsync(other, $"/returns/track/{other}?t={Uri.EscapeDataString(token)}");
        await RefusedAsync(other, $"/returns/track/{other}/label?t={Uri.EscapeDataString(token)}");
    }

    /// <summary>
    /// The link leads to the normal form with the RMA filled in and a message; no cookie is set and the return stays
    /// closed to this visitor.
    /// </summary>
    private async Task RefusedAsync(string rma, string link)
    {
        var client = factory.CreateBrowserLikeClient();

        using var response = await client.GetAsync(new Uri(link, UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Content.Headers.ContentType?.MediaType.ShouldNotBe("application/pdf");
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
        var location = response.Headers.Location!.OriginalString;
        location.ShouldBe($"/returns/track?link=invalid&rma={rma}");
        var form = await client.GetDocumentAsync(location);
        form.QuerySelector("#link-invalid").Text().ShouldStartWith("Ce lien a expiré (les liens de nos e-mails sont valables 30 jours)");
        form.QuerySelector("#track-form input[name='Form.Rma']")!.GetAttribute("value").ShouldBe(rma);
        form.QuerySelector("#track-form input[name='Form.Email']")!.GetAttribute("value").ShouldBeNullOrEmpty();
        using var detail = await client.GetAsync(new Uri($"/returns/track/{rma}", UriKind.Relative));
        detail.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        detail.Headers.Location!.OriginalString.ShouldBe("/returns/track?expired=True");
    }

    /// <summary>The tracking and label links (path and query) of the real "return created" e-mail.</summary>
    private async Task<(string Track, string Label)> LinksOfCreatedEmailAsync(string rma)
    {
        var email = await factory.WithScopeAsync(sp => sp.GetRequiredService<CustomerEmails>().ComposeAsync(new OutboxMessage
        {
            Type = Domain.Notifications.MessageTypes.ReturnCreated,
            Payload = JsonSerializer.Serialize(new { rma }),
            DedupeKey = "test:" + rma,
        }, CancellationToken.None));
        var text = email!.Text;
        var label = LinkPattern().Matches(text).Select(m => m.Groups["path"].Value).Single(p => p.Contains("/label?t=", StringComparison.Ordinal));
        var track = LinkPattern().Matches(text).Select(m => m.Groups["path"].Value).First(p => p.StartsWith($"/returns/track/{rma}?t=", StringComparison.Ordinal));
        email.Html.ShouldContain($"href=\"http://localhost:5080{track.Split('?')[0]}?t=");
        return (track, label);
    }

    private ReturnLinks LinksAt(DateTimeOffset now) =>
        new(factory.Services.GetRequiredService<IDataProtectionProvider>(), new FixedClock(now));

    /// <summary>A return made for the test (<see cref="TestReturns"/>): tests sharing the class's database never take the same one.</summary>
    private async Task<string> NewRmaAsync(ReturnStatus status) => (await TestReturns.ReturnAsync(factory, status)).Rma;

    [GeneratedRegex(@"http://localhost:5080(?<path>/returns/track/[^\s""<]+)")]
    private static partial Regex LinkPattern();

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

public sealed class EmailLinkTests_Sqlite(SqlitePortalFactory factory) : EmailLinkTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class EmailLinkTests_Postgres(PostgresPortalFactory factory) : EmailLinkTests(factory), IClassFixture<PostgresPortalFactory>;
