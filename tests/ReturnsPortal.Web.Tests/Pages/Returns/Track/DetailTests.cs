using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Hosting;
using ReturnsPortal.Web.Labels;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Returns.Track;

/// <summary>
/// Tracking, cancelling and the label (Pages/Returns/Track/Detail, with its Label and Qr pages). Each test makes the
/// returns it needs (<see cref="TestReturns"/>), so tests sharing the class's database never touch each other's.
/// </summary>
public abstract class DetailTests(PortalFactory factory)
{
    private const string NeutralMessageFr = "Nous n'avons trouvé aucun retour avec ce numéro et cette adresse e-mail";

    [Fact]
    public async Task The_right_pair_typed_loosely_opens_the_timeline_in_the_customers_words()
    {
        var seeded = await NewReturnAsync(ReturnStatus.Closed);
        var client = factory.CreateBrowserLikeClient();

        using var response = await FindAsync(client, " " + seeded.Rma.ToLowerInvariant().Replace('-', ' '), seeded.Email.ToUpperInvariant());

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe($"/returns/track/{seeded.Rma.ToLowerInvariant()}");
        var page = await client.GetDocumentAsync($"/returns/track/{seeded.Rma}");
        page.QuerySelector("#rma").Text().ShouldBe(seeded.Rma);
        var steps = page.QuerySelectorAll("#timeline .timeline-step");
        steps.Length.ShouldBe(seeded.HistoryCount);
        steps[0].QuerySelector(".fw-semibold").Text().ShouldBe("Demande de retour enregistrée");
        steps[^1].QuerySelector(".fw-semibold").Text().ShouldBe("Retour terminé");
        // Dates are shown in Paris time, in French.
        steps[0].QuerySelector("time").Text().ShouldBe(seeded.CreatedAt.ToLocalFrench().ToString("d MMMM yyyy, HH:mm", new System.Globalization.CultureInfo("fr-FR")));
        page.QuerySelector("#next-step-text").Text().ShouldBe("Plus rien à faire : ce retour est terminé.");
        page.QuerySelector("#cancel-form").ShouldBeNull();
        page.QuerySelector("#label-link").ShouldBeNull();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_wrong_pair_gets_one_neutral_message_and_no_access(bool knownRma)
    {
        var seeded = await NewReturnAsync(ReturnStatus.Received);
        var client = factory.CreateBrowserLikeClient();

        using var response = await FindAsync(client, knownRma ? seeded.Rma : "RP-3333-4444", knownRma ? "someone.else@example.fr" : seeded.Email);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
        (await response.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain(NeutralMessageFr);
        using var detail = await client.GetAsync(new Uri($"/returns/track/{seeded.Rma}", UriKind.Relative));
        detail.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        detail.Headers.Location!.OriginalString.ShouldBe("/returns/track?expired=True");
    }

    [Fact]
    public async Task A_malformed_rma_and_email_get_messages_next_to_their_fields()
    {
        var client = factory.CreateBrowserLikeClient();

        using var response = await FindAsync(client, "RP-0000-OOOO", "not-an-email");

        var page = await response.ReadDocumentAsync();
        page.QuerySelector("[data-valmsg-for='Form.Rma']").Text().ShouldBe("Saisissez un numéro de retour comme RP-7KXM-4QHT.");
        page.QuerySelector("[data-valmsg-for='Form.Email']").Text().ShouldStartWith("Saisissez une adresse e-mail valide");
    }

    [Fact]
    public async Task The_holder_of_the_order_cookie_sees_the_returns_of_that_order_only()
    {
        var seeded = await NewReturnAsync(ReturnStatus.InTransit);
        var other = await NewReturnAsync(ReturnStatus.InTransit);
        var client = factory.CreateBrowserLikeClient();
        var find = await client.GetDocumentAsync("/returns");
        using var found = await client.SubmitAsync(find, "main form", new Dictionary<string, string>
        {
            ["Form.OrderNumber"] = seeded.OrderNumber,
            ["Form.Email"] = seeded.Email,
        });
        found.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var page = await client.GetDocumentAsync($"/returns/track/{seeded.Rma}");
        page.QuerySelector("#next-step-text").Text().ShouldBe("Nous vous écrirons dès l'arrivée du colis.");
        page.QuerySelector("#refund-date")?.Text().ShouldBe("Remboursement au plus tard 14 jours après la réception de votre colis.");
        using var otherPage = await client.GetAsync(new Uri($"/returns/track/{other.Rma}", UriKind.Relative));
        otherPage.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Theory]
    [InlineData(ReturnStatus.Requested)]
    [InlineData(ReturnStatus.Approved)]
    public async Task A_return_not_shipped_yet_can_be_cancelled_once(ReturnStatus status)
    {
        var seeded = await NewReturnAsync(status);
        var client = await SignedInAsync(seeded);
        var first = await client.GetDocumentAsync($"/returns/track/{seeded.Rma}");

        // The first press only asks for confirmation: nothing changes yet.
        using var asked = await client.SubmitAsync(first, "#cancel-form", new Dictionary<string, string>());
        asked.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await asked.ReadDocumentAsync();
        page.QuerySelector("#cancel-ask").Text().ShouldContain("Voulez-vous vraiment annuler ce retour ?");
        page.QuerySelector("#cancel-keep")!.GetAttribute("href").ShouldBe($"/returns/track/{seeded.Rma.ToLowerInvariant()}");
        await using (var before = factory.Services.CreateAsyncScope())
        {
            (await before.ServiceProvider.GetRequiredService<ReturnsDbContext>().Returns.AsNoTracking().SingleAsync(r => r.Rma == seeded.Rma)).Status.ShouldBe(status);
        }

        using var response = await client.SubmitAsync(page, "#cancel-confirm-form", new Dictionary<string, string>());

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe($"/returns/track/{seeded.Rma.ToLowerInvariant()}?cancelled=True");
        var after = await client.GetDocumentAsync(response.Headers.Location.OriginalString);
        after.QuerySelector("#cancel-confirmation").Text().ShouldStartWith("Votre retour est annulé.");
        after.QuerySelectorAll("#timeline .timeline-step")[^1].Text().ShouldContain("Retour annulé");
        after.QuerySelector("#cancel-form").ShouldBeNull();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var saved = await db.Returns.AsNoTracking().Where(r => r.Rma == seeded.Rma)
            .Select(r => new { r.Status, Last = r.History.OrderByDescending(h => h.At).Select(h => h.Actor).First() }).SingleAsync();
        saved.Status.ShouldBe(ReturnStatus.Cancelled);
        saved.Last.ShouldBe("customer");
        (await db.Outbox.CountAsync(m => m.Type == Domain.Notifications.MessageTypes.ReturnStatusChanged && m.Payload.Contains(seeded.Rma) && m.Payload.Contains("\"to\":\"Cancelled\"")))
            .ShouldBe(1);

        // The same form posted again (back button): refused with a message, nothing more is written.
        using var again = await client.SubmitAsync(page, "#cancel-confirm-form", new Dictionary<string, string>());
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldNotBeEmpty();
        (await db.ReturnHistory.CountAsync(h => h.ReturnRequestId == db.Returns.Single(r => r.Rma == seeded.Rma).Id)).ShouldBe(seeded.HistoryCount + 1);
    }

    [Theory]
    [InlineData(ReturnStatus.InTransit)]
    [InlineData(ReturnStatus.Received)]
    [InlineData(ReturnStatus.Closed)]
    public async Task A_shipped_or_finished_return_offers_no_cancel_and_refuses_a_forged_one(ReturnStatus status)
    {
        var seeded = await NewReturnAsync(status);
        var client = await SignedInAsync(seeded);
        var page = await client.GetDocumentAsync($"/returns/track/{seeded.Rma}");
        page.QuerySelector("#cancel-form").ShouldBeNull();

        // A crafted post with a valid anti-forgery token (from the language form of the same page).
        var token = page.QuerySelector<IHtmlInputElement>("input[name='__RequestVerificationToken']")!.Value;
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Form.Version"] = seeded.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var response = await client.PostAsync(new Uri($"/returns/track/{seeded.Rma}?handler=Cancel", UriKind.Relative), content);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.ReadDocumentAsync()).QuerySelector("#error-summary").Text()
            .ShouldContain("Ce retour ne peut plus être annulé");
        (await StatusOfAsync(seeded.Rma)).ShouldBe(status);
    }

    [Fact]
    public async Task A_return_changed_meanwhile_is_not_cancelled_and_says_so()
    {
        var seeded = await NewReturnAsync(ReturnStatus.Requested);
        var client = await SignedInAsync(seeded);
        var page = await client.GetDocumentAsync($"/returns/track/{seeded.Rma}");

        // A colleague approves it while the customer looks at the page.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
            var request = await db.Returns.Include(r => r.Policy).SingleAsync(r => r.Rma == seeded.Rma);
            request.Approve("agent@example.fr", DateTime.UtcNow);
            await db.SaveChangesAsync();
        }
        using var response = await client.SubmitAsync(page, "#cancel-form", new Dictionary<string, string>());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var result = await response.ReadDocumentAsync();
        result.QuerySelector("#error-summary").Text().ShouldContain("Ce retour a changé pendant que vous le consultiez");
        result.QuerySelectorAll("#timeline .timeline-step")[^1].Text().ShouldContain("Retour accepté");
        (await StatusOfAsync(seeded.Rma)).ShouldBe(ReturnStatus.Approved);

        // The page now carries the new version: cancelling again works (asked, then confirmed).
        using var ask = await client.SubmitAsync(result, "#cancel-form", new Dictionary<string, string>());
        using var retry = await client.SubmitAsync(await ask.ReadDocumentAsync(), "#cancel-confirm-form", new Dictionary<string, string>());
        retry.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await StatusOfAsync(seeded.Rma)).ShouldBe(ReturnStatus.Cancelled);
    }

    [Fact]
    public async Task The_label_is_a_pdf_whose_barcode_and_qr_code_read_back_as_the_rma()
    {
        var seeded = await NewReturnAsync(ReturnStatus.Approved);
        var client = await SignedInAsync(seeded);
        var page = await client.GetDocumentAsync($"/returns/track/{seeded.Rma}");
        var href = page.QuerySelector("#label-link")!.GetAttribute("href")!;

        using var response = await client.GetAsync(new Uri(href, UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var pdf = await response.Content.ReadAsByteArrayAsync();
        System.Text.Encoding.ASCII.GetString(pdf, 0, 5).ShouldBe("%PDF-");
        var codes = await PdfCodes.DecodeAsync(pdf);
        codes.ShouldContain($"CODE-128:{seeded.Rma}");
        codes.ShouldContain($"QR-Code:{LabelCodes.QrPrefix}{seeded.Rma}");
    }

    [Fact]
    public async Task The_label_and_the_qr_page_are_only_for_whoever_may_see_the_return()
    {
        var seeded = await NewReturnAsync(ReturnStatus.Received);
        var other = await NewReturnAsync(ReturnStatus.Inspected);
        var anonymous = factory.CreateBrowserLikeClient();
        var holderOfAnother = await SignedInAsync(other);

        foreach (var client in new[] { anonymous, holderOfAnother })
        {
            foreach (var path in new[] { "label", "qr" })
            {
                using var response = await client.GetAsync(new Uri($"/returns/track/{seeded.Rma}/{path}", UriKind.Relative));
                response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
                response.Content.Headers.ContentType?.MediaType.ShouldNotBe("application/pdf");
            }
        }
        var holder = await SignedInAsync(seeded);
        var qr = await holder.GetDocumentAsync($"/returns/track/{seeded.Rma}/qr");
        qr.QuerySelector("#qr")!.GetAttribute("src")!.ShouldStartWith("data:image/png;base64,");
        qr.QuerySelector("#qr")!.GetAttribute("alt")!.ShouldContain(seeded.Rma);
    }

    [Fact]
    public void The_qr_payload_reads_back_as_the_rma_and_nothing_else()
    {
        LabelCodes.RmaFromQrPayload("RP1:RP-7KXM-4QHT").ShouldBe("RP-7KXM-4QHT");
        LabelCodes.RmaFromQrPayload("RP-7KXM-4QHT").ShouldBeNull();
        LabelCodes.RmaFromQrPayload("RP2:RP-7KXM-4QHT").ShouldBeNull();
        LabelCodes.RmaFromQrPayload(null).ShouldBeNull();
    }

    private sealed record Seeded(string Rma, string Email, string OrderNumber, int HistoryCount, DateTime CreatedAt, int Version);

    [Fact]
    public async Task An_expired_label_is_renewed_once_through_the_form_and_the_label_works_again()
    {
        Seeded seeded;
        int days;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
            var expired = await db.Returns.AsNoTracking()
                .Where(r => r.Status == ReturnStatus.Expired && r.LabelValidUntil != null && r.Resolution != Resolution.Exchange)
                .OrderBy(r => r.Id)
                .Select(r => new { Seeded = new Seeded(r.Rma, r.Order!.Email, r.Order.Number, r.History.Count, r.History.Min(h => h.At), r.Version), r.Policy!.LabelValidityDays })
                .FirstAsync();
            (seeded, days) = (expired.Seeded, expired.LabelValidityDays);
        }
        var client = await SignedInAsync(seeded);
        var page = await client.GetDocumentAsync($"/returns/track/{seeded.Rma}");
        page.QuerySelector("#label-expired-on").Text().ShouldStartWith("Votre étiquette a expiré le");
        page.QuerySelector("#label-link").ShouldBeNull();
        var before = DateTime.UtcNow;

        using var response = await client.SubmitAsync(page, "#renew-form", new Dictionary<string, string>());

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await StatusOfAsync(seeded.Rma)).ShouldBe(ReturnStatus.Approved);
        var renewed = await client.GetDocumentAsync(response.Headers.Location!.OriginalString);
        renewed.QuerySelector("#renew-confirmation").ShouldNotBeNull();
        renewed.QuerySelector("#renew-form").ShouldBeNull();
        renewed.QuerySelector("#label-valid-until").Text().ShouldStartWith("Votre étiquette est valable jusqu’au");
        using (var label = await client.GetAsync(new Uri(renewed.QuerySelector("#label-link")!.GetAttribute("href")!, UriKind.Relative)))
        {
            label.StatusCode.ShouldBe(HttpStatusCode.OK);
            label.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        }
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
            var saved = await db.Returns.AsNoTracking().Where(r => r.Rma == seeded.Rma)
                .Select(r => new { r.LabelValidUntil, Renewals = r.History.Count(h => h.From == ReturnStatus.Expired) }).SingleAsync();
            saved.LabelValidUntil!.Value.ShouldBeInRange(before.AddDays(days), DateTime.UtcNow.AddDays(days));
            saved.Renewals.ShouldBe(1);
        }

        // A double click: the old form posts again, and nothing changes.
        using var again = await client.SubmitAsync(page, "#renew-form", new Dictionary<string, string>());
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("Cette étiquette est valable : il n’y a rien à renouveler.");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
            (await db.Returns.Where(r => r.Rma == seeded.Rma).SelectMany(r => r.History).CountAsync(h => h.From == ReturnStatus.Expired)).ShouldBe(1);
        }
    }

    /// <summary>A return made for the test (<see cref="TestReturns"/>) at <paramref name="status"/>, as the customer's pages read it.</summary>
    private async Task<Seeded> NewReturnAsync(ReturnStatus status)
    {
        var made = await TestReturns.ReturnAsync(factory, status);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        return await db.Returns.AsNoTracking()
            .Where(r => r.Rma == made.Rma)
            .Select(r => new Seeded(r.Rma, r.Order!.Email, r.Order.Number, r.History.Count, r.History.Min(h => h.At), r.Version))
            .SingleAsync();
    }

    private async Task<ReturnStatus> StatusOfAsync(string rma)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        return await db.Returns.Where(r => r.Rma == rma).Select(r => r.Status).SingleAsync();
    }

    private async Task<HttpClient> SignedInAsync(Seeded seeded)
    {
        var client = factory.CreateBrowserLikeClient();
        using var response = await FindAsync(client, seeded.Rma, seeded.Email);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return client;
    }

    private static async Task<HttpResponseMessage> FindAsync(HttpClient client, string rma, string email)
    {
        var page = await client.GetDocumentAsync("/returns/track");
        return await client.SubmitAsync(page, "#track-form", new Dictionary<string, string>
        {
            ["Form.Rma"] = rma,
            ["Form.Email"] = email,
        });
    }
}

public sealed class DetailTests_Sqlite(SqlitePortalFactory factory) : DetailTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class DetailTests_Postgres(PostgresPortalFactory factory) : DetailTests(factory), IClassFixture<PostgresPortalFactory>;
