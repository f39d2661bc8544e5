using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Files;
using ReturnsPortal.Web.Pages.Staff.Returns;
using ReturnsPortal.Web.Tests.Infrastructure;
using ReturnsPortal.Web.Tests.Notifications;

namespace ReturnsPortal.Web.Tests.Pages.Staff.Returns;

public sealed class DetailTests_Sqlite(SqlitePortalFactory factory) : DetailTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class DetailTests_Postgres(PostgresPortalFactory factory) : DetailTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>The empty-parcel reason is the portal's wording (resources), stored with the rejection word for word as before.</summary>
public sealed class EmptyParcelReasonTests
{
    [Theory]
    [InlineData("en", "fr-FR", "Your parcel reached our warehouse without the items declared in this return, so no refund can be made. "
        + "If you did send them, reply to our e-mail with your proof of shipment: we have opened an investigation.")]
    [InlineData("fr", "en-GB", "Votre colis est arrivé à notre entrepôt sans les articles déclarés dans ce retour : aucun remboursement ne peut donc être effectué. "
        + "Si vous les avez bien envoyés, répondez à notre e-mail avec votre preuve de dépôt : nous avons ouvert une enquête.")]
    public void The_reason_is_in_the_returns_language_not_the_inspectors(string language, string inspector, string expected)
    {
        var before = System.Globalization.CultureInfo.GetCultureInfo(inspector);
        System.Globalization.CultureInfo.CurrentUICulture = before;

        DetailModel.EmptyParcelReason(language, EmailWordsTests.Words).ShouldBe(expected);
        System.Globalization.CultureInfo.CurrentUICulture.ShouldBe(before);
    }
}

/// <summary>
/// The return page (Pages/Staff/Returns/Detail): receipt, close as missing, whole-return reject, concurrent edits, history.
/// Returns are made per test with <see cref="TestReturns"/> or taken from the seed by status and Skip.
/// </summary>
public abstract class DetailTests(PortalFactory factory)
{
    private const string Inspector = "inspector@example.fr";

    private static async Task<HttpResponseMessage> ReceiveAsync(HttpClient client, string rma, string outcome)
    {
        var page = await client.GetDocumentAsync($"/staff/returns/{rma}");
        var values = new Dictionary<string, string>();
        var count = page.QuerySelectorAll("#receive-form fieldset").Length;
        for (var i = 0; i < count; i++)
        {
            values[$"Form.Lines[{i}].Outcome"] = outcome;
            if (outcome != "Received")
            {
                values[$"Form.Lines[{i}].Quantity"] = "0";
            }
        }
        return await client.SubmitAsync(page, "#receive-form", values);
    }

    private const string Manager = "manager@example.fr";

    [Fact]
    public async Task A_parcel_with_every_line_missing_is_closed_as_missing_and_the_customer_reads_why()
    {
        var client = await factory.SignedInAsync(Inspector);
        var (rma, _, email) = await TestReturns.ReturnAsync(factory, ReturnStatus.Approved);

        using (var received = await ReceiveAsync(client, rma, "Missing"))
        {
            received.Headers.Location!.OriginalString.ShouldBe($"/staff/returns/{rma}", "nothing to inspect: back to the return");
        }
        var page = await client.GetDocumentAsync($"/staff/returns/{rma}");
        page.QuerySelector("#return-status").Text().ShouldBe("Reçu");
        page.QuerySelector("#close-missing-form").ShouldNotBeNull();
        (await client.GetDocumentAsync($"/staff/returns/{rma}/inspect")).QuerySelector("#inspect-form").ShouldBeNull();

        using (var closed = await client.SubmitAsync(page, "#close-missing-form", new Dictionary<string, string> { ["End.Note"] = "Carton vide, scotch d'origine" }))
        {
            closed.Headers.Location!.OriginalString.ShouldBe($"/staff/returns/{rma}");
        }
        var after = await client.GetDocumentAsync($"/staff/returns/{rma}");
        after.QuerySelector("#return-status").Text().ShouldBe("Refusé");
        after.QuerySelector("#dispute").Text().ShouldContain("Carton vide");
        after.QuerySelector("#close-missing-form").ShouldBeNull();
        var language = await factory.ReadAsync(db => db.Returns.Where(r => r.Rma == rma).Select(r => r.Language).SingleAsync());
        var reasonText = DetailModel.EmptyParcelReason(language, EmailWordsTests.Words);
        after.QuerySelector("#history").Text().ShouldContain(reasonText[..40]);
        (await factory.ReadAsync(db => db.Settlements.CountAsync(s => s.IdempotencyKey == $"settle:{rma}"))).ShouldBe(0);

        // The same (now stale) form again changes nothing.
        using (var again = await client.SubmitAsync(page, "#close-missing-form", new Dictionary<string, string>()))
        {
            (await again.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("modifié par un collègue");
        }

        var customer = factory.CreateBrowserLikeClient();
        var track = await customer.GetDocumentAsync("/returns/track");
        using (await customer.SubmitAsync(track, "main form", new Dictionary<string, string> { ["Form.Rma"] = rma, ["Form.Email"] = email }))
        {
        }
        var timeline = await customer.GetDocumentAsync($"/returns/track/{rma}");
        var reason = timeline.QuerySelector("#timeline .rejection-reason").ShouldNotBeNull();
        reason.Text().ShouldContain(reasonText[..40]);
        timeline.QuerySelector("#timeline")!.Text().ShouldNotContain("scotch", Case.Insensitive, "the internal note is never shown to the customer");
    }

    [Fact]
    public async Task Staff_see_the_orders_payment_method_and_reference_and_the_customer_never_does()
    {
        var seeded = await factory.ReadAsync(db => db.Returns.Where(r => r.Order!.PaymentMethod == Domain.Orders.PaymentMethod.Card && r.Order.PaymentReference != null)
            .OrderBy(r => r.Id).Select(r => new { r.Rma, r.Order!.Email, r.Order.PaymentReference }).FirstAsync());
        var staff = await factory.SignedInAsync(Inspector);

        var page = await staff.GetDocumentAsync($"/staff/returns/{seeded.Rma}");

        seeded.PaymentReference.ShouldStartWith("pi_demo_", Case.Sensitive, "the demo seed gives card orders a PSP-like reference");
        page.QuerySelector("#order-payment").Text().ShouldContain("Carte bancaire");
        page.QuerySelector("#payment-reference").Text().ShouldBe(seeded.PaymentReference);

        var customer = factory.CreateBrowserLikeClient();
        var track = await customer.GetDocumentAsync("/returns/track");
        using (await customer.SubmitAsync(track, "main form", new Dictionary<string, string> { ["Form.Rma"] = seeded.Rma, ["Form.Email"] = seeded.Email }))
        {
        }
        var timeline = await customer.GetDocumentAsync($"/returns/track/{seeded.Rma}");
        timeline.QuerySelector("#timeline").ShouldNotBeNull();
        timeline.Body!.TextContent.ShouldNotContain(seeded.PaymentReference!);
    }

    [Fact]
    public async Task A_whole_return_is_rejected_only_with_a_reason_which_the_customer_is_sent()
    {
        var client = await factory.SignedInAsync(Inspector);
        var (rma, _, _) = await TestReturns.ReturnAsync(factory, ReturnStatus.Approved);
        using (await ReceiveAsync(client, rma, "Received"))
        {
        }
        var page = await client.GetDocumentAsync($"/staff/returns/{rma}");
        page.QuerySelector("#close-missing-form").ShouldBeNull("items were received");
        var queue = await client.GetDocumentAsync("/staff?status=Received&size=200");
        var row = queue.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains(rma, StringComparison.Ordinal));
        row.QuerySelector(".since-receipt")!.Text().Trim().ShouldBe("0 j", "received just now: age since receipt in days");

        using (var empty = await client.SubmitAsync(page, "#reject-form", new Dictionary<string, string> { ["End.Reason"] = "  " }))
        {
            (await empty.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("Indiquez le motif");
        }
        using (var tooLong = await client.SubmitAsync(page, "#reject-form", new Dictionary<string, string> { ["End.Reason"] = new string('x', 2001) }))
        {
            tooLong.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        (await factory.ReadAsync(db => db.Returns.Where(r => r.Rma == rma).Select(r => r.Status).SingleAsync())).ShouldBe(ReturnStatus.Received);

        using (var rejected = await client.SubmitAsync(page, "#reject-form", new Dictionary<string, string> { ["End.Reason"] = "Articles portés et lavés." }))
        {
            rejected.Headers.Location!.OriginalString.ShouldBe($"/staff/returns/{rma}");
        }
        (await client.GetDocumentAsync($"/staff/returns/{rma}")).QuerySelector("#return-status").Text().ShouldBe("Refusé");
        var message = await factory.ReadAsync(db => db.Outbox.Where(m => m.DedupeKey.StartsWith("return:" + rma) && m.Payload.Contains("\"to\":\"Rejected\"")).Select(m => m.Payload).SingleAsync());
        JsonDocument.Parse(message).RootElement.GetProperty("note").GetString().ShouldBe("Articles portés et lavés.", "the rejection e-mail quotes it");
    }

    [Fact]
    public async Task Two_colleagues_on_the_same_return_one_succeeds_the_other_sees_the_current_state()
    {
        var (rma, _, _) = await TestReturns.ReturnAsync(factory, ReturnStatus.Approved);
        var first = await factory.SignedInAsync(Inspector);
        var second = await factory.SignedInAsync(Manager);
        var firstPage = await first.GetDocumentAsync($"/staff/returns/{rma}");
        var secondPage = await second.GetDocumentAsync($"/staff/returns/{rma}");

        using (var ok = await first.SubmitAsync(firstPage, "#receive-form", new Dictionary<string, string>()))
        {
            ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        using var late = await second.SubmitAsync(secondPage, "#receive-form", new Dictionary<string, string>());

        late.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await late.ReadDocumentAsync();
        page.QuerySelector("#error-summary").Text().ShouldContain("Ce retour a été modifié par un collègue");
        page.QuerySelector("#return-status").Text().ShouldBe("Reçu");
        (await factory.ReadAsync(db => db.ReturnHistory.CountAsync(h => h.To == ReturnStatus.Received && db.Returns.Any(r => r.Rma == rma && r.Id == h.ReturnRequestId))))
            .ShouldBe(1);
    }

    [Fact]
    public async Task Seeded_returns_carry_their_warehouse_work_so_the_demo_can_go_on_from_any_status()
    {
        var client = await factory.SignedInAsync(Manager);
        // The demo's own data is what this test is about: a seeded received return, not one made for the test.
        var received = await factory.ReadAsync(db => db.Returns.Where(r => r.Status == ReturnStatus.Received && !r.Order!.Number.StartsWith("TEST-"))
            .OrderBy(r => r.Id).Select(r => r.Rma).FirstAsync());
        (await client.GetDocumentAsync($"/staff/returns/{received}/inspect")).QuerySelector("#inspect-form").ShouldNotBeNull();

        var approvals = await client.GetDocumentAsync("/staff/approvals");
        var rows = approvals.QuerySelectorAll("#approvals tbody tr");
        rows.Length.ShouldBeGreaterThan(0);
        var totals = rows.Select(r => r.QuerySelector("td:last-child").Text()).ToList();
        totals.ShouldNotContain(t => t.StartsWith("0,00", StringComparison.Ordinal), "seeded decisions carry their refund");
        // Seeded refunds resolved days ago were paid by transfer the next day (ADR 0117).
        (await factory.ReadAsync(db => db.Settlements.CountAsync(s => s.Status == SettlementStatus.Paid && s.ProviderReference!.StartsWith("VIR-")))).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task The_history_names_the_customer_and_the_system_and_counts_photos_in_french()
    {
        var (rma, _) = await factory.AwaitingWithEvidenceAsync(Inspector);
        var inspector = await factory.SignedInAsync(Inspector);

        var page = await inspector.GetDocumentAsync($"/staff/returns/{rma}");
        var actors = page.QuerySelectorAll("#history li strong").Select(a => a.Text()).ToList();
        actors.ShouldContain("Client");
        actors.ShouldContain("Système", "the seeded parcel went in transit by a carrier event");
        actors.ShouldNotContain("customer");
        actors.ShouldNotContain("system");
        var history = page.QuerySelector("#history").Text();
        history.ShouldContain("Photos d'inspection : 1");
        history.ShouldNotContain("Inspection photos");
    }
}
