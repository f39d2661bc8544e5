using System.Globalization;
using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Hosting;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Staff.Refunds;

public sealed class IndexTests_Sqlite(SqlitePortalFactory factory) : IndexTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class IndexTests_Postgres(PostgresPortalFactory factory) : IndexTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>
/// The finance queue (Pages/Staff/Refunds/Index, ADR 0118): refunds owed under Payments:Provider=Manual (the test
/// default), marked paid, failed or retried by a person over the real forms, and the CSV for a bank batch.
/// </summary>
public abstract class IndexTests(PortalFactory factory)
{
    private const string Finance = "finance@example.fr";
    private const string Manager = "manager@example.fr";

    /// <summary>A resolved refund return made for the test: its settlement is Sent, waiting for finance.</summary>
    private async Task<(string Rma, string Reference)> SentRefundAsync(long unitPriceMinor = 4_990)
    {
        var rma = (await TestReturns.ReturnAsync(factory, ReturnStatus.Resolved, unitPriceMinor: unitPriceMinor)).Rma;
        return (rma, "RI-" + rma);
    }

    private Task<Settlement> SettlementAsync(string reference) =>
        factory.ReadAsync(db => db.Settlements.AsNoTracking().SingleAsync(s => s.Reference == reference));

    private static IHtmlFormElement Form(IHtmlDocument page, string selector) =>
        page.QuerySelector<IHtmlFormElement>(selector) ?? throw new InvalidOperationException($"No {selector} on the page.");

    private static async Task<IHtmlDocument> RowPageAsync(HttpClient client, string reference, string url = "/staff/refunds")
    {
        var page = await client.GetDocumentAsync(url);
        page.QuerySelector($"#refunds tr[data-reference='{reference}']").ShouldNotBeNull($"{reference} is not listed on {url}");
        return page;
    }

    [Fact]
    public async Task A_sent_refund_is_listed_to_pay_with_its_deadlines_payment_customer_and_amount()
    {
        var (rma, reference) = await SentRefundAsync();
        var settlement = await SettlementAsync(reference);
        settlement.Status.ShouldBe(SettlementStatus.Sent);
        var client = await factory.SignedInAsync(Finance);

        var page = await RowPageAsync(client, reference);

        var row = page.QuerySelector($"#refunds tr[data-reference='{reference}']")!;
        row.TextContent.ShouldContain(rma);
        row.TextContent.ShouldContain("Camille Test");
        row.QuerySelector(".amount").Text().ShouldBe("49,90 €");
        row.QuerySelector(".legal-deadline").Text().ShouldContain(settlement.LegalDeadline!.Value.ToLocalFrench().ToString("d MMM yyyy", CultureInfo.GetCultureInfo("fr-FR")));
        row.QuerySelector(".service-deadline").Text().ShouldContain(settlement.ServiceDeadline!.Value.ToLocalFrench().ToString("d MMM yyyy", CultureInfo.GetCultureInfo("fr-FR")));
        row.QuerySelector(".deadline-chip").Text().ShouldBeOneOf("En retard", "Sous 24 h", "Bientôt", "Dans les temps");
        // Finance may not open the warehouse's return page: the RMA is text, not a link.
        row.QuerySelector($"a[href='/staff/returns/{rma}']").ShouldBeNull();
        var manager = await RowPageAsync(await factory.SignedInAsync(Manager), reference);
        manager.QuerySelector($"#refunds tr[data-reference='{reference}'] a[href='/staff/returns/{rma}']").ShouldNotBeNull();
    }

    [Fact]
    public async Task Marking_paid_with_the_bank_reference_pays_it_and_tells_the_customer_once()
    {
        var (rma, reference) = await SentRefundAsync();
        var client = await factory.SignedInAsync(Finance);
        var page = await RowPageAsync(client, reference);
        var id = (await SettlementAsync(reference)).Id;

        using var response = await client.SubmitAsync(page, $"#paid-{id}", new Dictionary<string, string> { ["Form.Reference"] = " VIR-2026-0042 " });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var paid = await SettlementAsync(reference);
        paid.Status.ShouldBe(SettlementStatus.Paid);
        paid.ProviderReference.ShouldBe("VIR-2026-0042");
        paid.UpdatedBy.ShouldBe(Finance);
        paid.CompletedAt.ShouldNotBeNull();
        (await factory.ReadAsync(db => db.Outbox.CountAsync(m => m.Type == MessageTypes.RefundIssued && m.DedupeKey == "refund:" + Settlement.KeyFor(rma)))).ShouldBe(1);
        var after = await client.GetDocumentAsync("/staff/refunds");
        after.QuerySelector("#refunds-done").Text().ShouldContain(reference);
        after.QuerySelector($"#refunds tr[data-reference='{reference}']").ShouldBeNull();
        (await RowPageAsync(client, reference, "/staff/refunds?show=Paid")).QuerySelector($"#paid-{id}").ShouldBeNull();
    }

    [Fact]
    public async Task Marking_paid_without_a_reference_is_refused_and_changes_nothing()
    {
        var (rma, reference) = await SentRefundAsync();
        var client = await factory.SignedInAsync(Finance);
        var page = await RowPageAsync(client, reference);
        var before = await SettlementAsync(reference);

        using var blank = await client.SubmitAsync(page, $"#paid-{before.Id}", new Dictionary<string, string> { ["Form.Reference"] = "   " });
        using var tooLong = await client.SubmitAsync(page, $"#paid-{before.Id}", new Dictionary<string, string> { ["Form.Reference"] = new string('R', 101) });

        blank.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await blank.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("Saisissez la référence bancaire ou PSP du paiement.");
        tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooLong.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("au plus 100 caractères");
        var after = await SettlementAsync(reference);
        after.Status.ShouldBe(SettlementStatus.Sent);
        after.Version.ShouldBe(before.Version);
        (await factory.ReadAsync(db => db.Outbox.CountAsync(m => m.Type == MessageTypes.RefundIssued && m.DedupeKey == "refund:" + Settlement.KeyFor(rma)))).ShouldBe(0);
    }

    [Fact]
    public async Task A_refund_marked_failed_with_a_reason_is_listed_as_failed_and_a_retry_sends_it_again()
    {
        var (_, reference) = await SentRefundAsync();
        var client = await factory.SignedInAsync(Finance);
        var page = await RowPageAsync(client, reference);
        var id = (await SettlementAsync(reference)).Id;

        using (var noReason = await client.SubmitAsync(page, $"#failed-{id}", new Dictionary<string, string> { ["Form.Reason"] = "" }))
        {
            noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }
        using (var failed = await client.SubmitAsync(page, $"#failed-{id}", new Dictionary<string, string> { ["Form.Reason"] = "IBAN fermé" }))
        {
            failed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        var failedOne = await SettlementAsync(reference);
        failedOne.Status.ShouldBe(SettlementStatus.Failed);
        failedOne.FailureReason.ShouldBe("IBAN fermé");
        var failedPage = await RowPageAsync(client, reference, "/staff/refunds?show=Failed");
        failedPage.QuerySelector($"#refunds tr[data-reference='{reference}'] .failure-reason").Text().ShouldContain("IBAN fermé");
        using (var again = await client.SubmitAsync(failedPage, $"#retry-{id}", new Dictionary<string, string>()))
        {
            again.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        var retried = await SettlementAsync(reference);
        retried.Status.ShouldBe(SettlementStatus.Sent);
        retried.Round.ShouldBe(2);
        retried.ProviderKey.ShouldEndWith(":r2");
        (await client.GetDocumentAsync("/staff/refunds")).QuerySelector($"#refunds tr[data-reference='{reference}']").ShouldNotBeNull();
    }

    [Fact]
    public async Task A_move_the_refund_no_longer_allows_is_refused_with_a_message_and_changes_nothing()
    {
        var (_, reference) = await SentRefundAsync();
        var client = await factory.SignedInAsync(Finance);
        var settlement = await SettlementAsync(reference);
        var page = await RowPageAsync(client, reference);

        // A retry of a refund that is Sent (a hand-made post with the right version): the domain says no.
        using var retry = await PostAsync(client, page, $"#paid-{settlement.Id}", "/staff/refunds?handler=Retry");

        retry.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await retry.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("Seul un remboursement en échec peut être réessayé.");
        (await SettlementAsync(reference)).Version.ShouldBe(settlement.Version);
    }

    [Fact]
    public async Task Two_colleagues_marking_the_same_refund_paid_one_wins_the_other_sees_who_did_it()
    {
        var (_, reference) = await SentRefundAsync();
        var id = (await SettlementAsync(reference)).Id;
        var finance = await factory.SignedInAsync(Finance);
        var manager = await factory.SignedInAsync(Manager);
        var financePage = await RowPageAsync(finance, reference);
        var managerPage = await RowPageAsync(manager, reference);

        using var first = await finance.SubmitAsync(financePage, $"#paid-{id}", new Dictionary<string, string> { ["Form.Reference"] = "VIR-1" });
        using var second = await manager.SubmitAsync(managerPage, $"#paid-{id}", new Dictionary<string, string> { ["Form.Reference"] = "VIR-2" });

        first.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var conflict = await second.ReadDocumentAsync();
        conflict.QuerySelector("#error-summary").Text().ShouldContain($"Ce remboursement a déjà été marqué payé par {Finance}");
        conflict.QuerySelector("#refund-current").Text().ShouldContain("VIR-1");
        var paid = await SettlementAsync(reference);
        paid.ProviderReference.ShouldBe("VIR-1");
        paid.UpdatedBy.ShouldBe(Finance);
    }

    [Fact]
    public async Task The_csv_lists_the_refunds_to_pay_for_a_bank_batch_and_defuses_formulas()
    {
        var (rma, reference) = await SentRefundAsync(unitPriceMinor: 4_990);
        await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            var order = await db.Returns.Where(r => r.Rma == rma).Select(r => r.Order!).SingleAsync();
            order.CustomerName = "=HYPERLINK(\"http://evil\")";
            order.SetPaymentReference("@pi_3Nabc");
            return await db.SaveChangesAsync();
        });
        var settlement = await SettlementAsync(reference);
        var client = await factory.SignedInAsync(Finance);

        using var response = await client.GetAsync(new Uri("/staff/refunds?handler=Csv", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var rows = CsvText.Parse(Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF'));
        rows[0].ShouldBe(["reference", "rma", "order_number", "payment_method", "payment_reference", "customer_name", "customer_email", "amount",
            "currency", "legal_deadline", "service_deadline"]);
        var row = rows.Single(r => r[0] == reference);
        row[1].ShouldBe(rma);
        row[3].ShouldBe("Card");
        row[4].ShouldBe("'@pi_3Nabc");
        row[5].ShouldBe("'=HYPERLINK(\"http://evil\")");
        row[7].ShouldBe("49.90");
        row[8].ShouldBe("EUR");
        row[9].ShouldBe(settlement.LegalDeadline!.Value.ToLocalFrench().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        row[10].ShouldBe(settlement.ServiceDeadline!.Value.ToLocalFrench().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        rows.Skip(1).Where(r => r.Count > 1).ShouldAllBe(r => r[0].StartsWith("RI-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Finance_lands_on_the_refunds_and_is_refused_the_warehouse_queue()
    {
        var client = factory.CreateBrowserLikeClient();

        using var login = await client.PostLoginAsync(Finance, StaffLogin.DemoPassword);
        login.Headers.Location!.OriginalString.ShouldBe("/staff/refunds");
        using var refunds = await client.GetAsync(new Uri("/staff/refunds", UriKind.Relative));
        refunds.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var queue = await client.GetAsync(new Uri("/staff", UriKind.Relative));
        queue.Headers.Location!.AbsolutePath.ShouldBe("/account/access-denied");
        using var denied = await client.GetAsync(queue.Headers.Location);
        denied.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var manage = await client.GetAsync(new Uri("/manage/analytics", UriKind.Relative));
        manage.Headers.Location!.AbsolutePath.ShouldBe("/account/access-denied");
        // A warehouse account still lands on the warehouse queue.
        using var managerLogin = await factory.CreateBrowserLikeClient().PostLoginAsync(Manager, StaffLogin.DemoPassword);
        managerLogin.Headers.Location!.OriginalString.ShouldBe("/staff");
    }

    [Fact]
    public async Task An_unknown_refund_is_a_404_and_a_hand_edited_view_shows_the_default_one()
    {
        var (_, reference) = await SentRefundAsync();
        var client = await factory.SignedInAsync(Finance);
        var page = await RowPageAsync(client, reference);
        var id = (await SettlementAsync(reference)).Id;

        using var unknown = await client.SubmitAsync(page, $"#paid-{id}", new Dictionary<string, string> { ["Form.Id"] = "999999", ["Form.Reference"] = "VIR-X" });
        using var garbled = await client.GetAsync(new Uri("/staff/refunds?show=Everything", UriKind.Relative));

        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await SettlementAsync(reference)).Status.ShouldBe(SettlementStatus.Sent);
        garbled.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await garbled.ReadDocumentAsync()).QuerySelector("#view-topay")!.ClassList.ShouldContain("active");
    }

    [Fact]
    public async Task An_admin_can_give_the_finance_role_named_in_french()
    {
        var admin = await factory.SignedInAsync("admin@example.fr");

        var create = await admin.GetDocumentAsync("/manage/staff/create");

        create.QuerySelector("select[name='Form.Role'] option[value='Finance']").Text().ShouldBe("Comptabilité");
    }

    /// <summary>Posts a row's form (its hidden fields and anti-forgery token) to another handler, as a hand-made request would.</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, IHtmlDocument page, string selector, string url)
    {
        var fields = Form(page, selector).Elements.OfType<IHtmlInputElement>().Where(i => i.Type == "hidden")
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
        using var content = new FormUrlEncodedContent(fields);
        return await client.PostAsync(new Uri(url, UriKind.Relative), content);
    }
}
