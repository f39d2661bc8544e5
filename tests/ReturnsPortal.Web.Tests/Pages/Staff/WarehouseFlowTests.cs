using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Labels;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Staff;

public sealed class WarehouseFlowTests_Sqlite(SqlitePortalFactory factory) : WarehouseFlowTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class WarehouseFlowTests_Postgres(PostgresPortalFactory factory) : WarehouseFlowTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>
/// Receive → inspect → decide → approve over HTTP with the real forms. Tests share the seeded database: each takes its
/// own seeded return (by status, with a different Skip).
/// </summary>
public abstract class WarehouseFlowTests(PortalFactory factory)
{
    private const string Inspector = "inspector@example.fr";
    private const string Manager = "manager@example.fr";
    private const string Admin = "admin@example.fr";

    private Task<(string Rma, string? Tracking, string Order)> SeededAsync(ReturnStatus status, int skip) =>
        factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            var r = await db.Returns.Where(x => x.Status == status).OrderBy(x => x.Id).Skip(skip)
                .Select(x => new { x.Rma, x.CarrierTrackingNumber, x.Order!.Number }).FirstAsync();
            return (r.Rma, r.CarrierTrackingNumber, r.Number);
        });

    private Task<T> ReadAsync<T>(Func<ReturnsDbContext, Task<T>> read) =>
        factory.WithScopeAsync(sp => read(sp.GetRequiredService<ReturnsDbContext>()));

    private static async Task<HttpResponseMessage> ScanAsync(HttpClient client, string scan)
    {
        var page = await client.GetDocumentAsync("/staff/receive");
        page.QuerySelector<IHtmlInputElement>("#Scan")!.HasAttribute("autofocus").ShouldBeTrue();
        return await client.SubmitAsync(page, "#scan-form", new Dictionary<string, string> { ["Scan"] = scan });
    }

    [Fact]
    public async Task A_scan_of_the_rma_typed_loosely_the_qr_payload_or_the_tracking_number_opens_the_return()
    {
        var client = await factory.SignedInAsync(Inspector);
        var approved = await SeededAsync(ReturnStatus.Approved, 0);
        var inTransit = await SeededAsync(ReturnStatus.InTransit, 0);
        inTransit.Tracking.ShouldNotBeNull();

        foreach (var (scan, rma) in new[]
        {
            (approved.Rma.Replace("-", " ", StringComparison.Ordinal).ToLowerInvariant(), approved.Rma),
            (LabelCodes.QrPayload(approved.Rma), approved.Rma),
            (inTransit.Tracking!.ToLowerInvariant(), inTransit.Rma),
        })
        {
            using var response = await ScanAsync(client, scan);
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, scan);
            response.Headers.Location!.OriginalString.ShouldBe($"/staff/returns/{rma}");
        }

        var page = await client.GetDocumentAsync($"/staff/returns/{approved.Rma}");
        page.QuerySelector("#return-status").Text().ShouldBe("Approuvé");
        page.QuerySelector("#receive-form").ShouldNotBeNull();
        page.QuerySelectorAll("#history li").Length.ShouldBeGreaterThanOrEqualTo(2, "the audit trail shows Requested and Approved");
    }

    [Fact]
    public async Task An_unknown_scan_says_so_and_registers_an_unidentified_parcel_that_can_be_linked_later()
    {
        var client = await factory.SignedInAsync(Inspector);
        var tracking = "ZZ" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

        using var unknown = await ScanAsync(client, tracking);
        unknown.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await unknown.ReadDocumentAsync();
        page.QuerySelector("#nothing-found").Text().ShouldContain("Rien ne correspond");
        page.QuerySelector<IHtmlInputElement>("#Parcel_CarrierTrackingNumber")!.Value.ShouldBe(tracking);

        using (var empty = await client.SubmitAsync(page, "#parcel-form", new Dictionary<string, string> { ["Parcel.CarrierTrackingNumber"] = "" }))
        {
            (await empty.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("de quoi le retrouver");
        }
        (await ReadAsync(db => db.UnidentifiedParcels.CountAsync(p => p.CarrierTrackingNumber == tracking))).ShouldBe(0);

        using var registered = await client.SubmitAsync(page, "#parcel-form", new Dictionary<string, string> { ["Parcel.SenderName"] = "Jeanne Colis" });
        registered.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var parcelId = await ReadAsync(db => db.UnidentifiedParcels.Where(p => p.CarrierTrackingNumber == tracking).Select(p => p.Id).SingleAsync());

        var queue = await client.GetDocumentAsync("/staff/parcels");
        var item = queue.QuerySelector($"[data-parcel='{parcelId}']").ShouldNotBeNull();
        item.Text().ShouldContain("Jeanne Colis");
        var target = await SeededAsync(ReturnStatus.InTransit, 1);
        using var linked = await client.SubmitAsync(queue, $"[data-parcel='{parcelId}'] form", new Dictionary<string, string> { ["Form.Rma"] = target.Rma.ToLowerInvariant() });
        linked.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        linked.Headers.Location!.OriginalString.ShouldBe($"/staff/returns/{target.Rma}");
        (await client.GetDocumentAsync("/staff/parcels")).QuerySelector($"[data-parcel='{parcelId}']").ShouldBeNull();
    }

    [Fact]
    public async Task Receive_inspect_and_decide_under_the_threshold_resolve_the_return_with_one_settlement()
    {
        var client = await factory.SignedInAsync(Inspector);
        var (rma, _, _) = await SeededAsync(ReturnStatus.InTransit, 2);

        await ReceiveFirstLineOnlyAsync(client, rma);
        var inspect = await client.GetDocumentAsync($"/staff/returns/{rma}/inspect");
        using (var noGrade = await client.SubmitAsync(inspect, "#inspect-form", new Dictionary<string, string> { ["Form.Serial"] = "Matches" }))
        {
            (await noGrade.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("Choisissez une note.");
        }
        using (var graded = await client.SubmitAsync(inspect, "#inspect-form", new Dictionary<string, string>
        {
            ["Form.Grade"] = "B",
            ["Form.Serial"] = "NotApplicable",
            ["Form.Required[tags_attached]"] = "true",
            ["Form.Notes"] = "Boîte ouverte",
        }))
        {
            graded.Headers.Location!.OriginalString.ShouldBe($"/staff/returns/{rma}/decide");
        }

        var decide = await client.GetDocumentAsync($"/staff/returns/{rma}/decide");
        decide.QuerySelector("#four-eyes-banner").ShouldBeNull();
        decide.QuerySelectorAll("#breakdown tbody tr").Length.ShouldBe(1);
        var line = await ReadAsync(db => db.ReturnLines.Where(l => l.QuantityReceived > 0 && db.Returns.Any(r => r.Rma == rma && r.Id == l.ReturnRequestId))
            .Select(l => new { l.OrderLine!.UnitPricePaid, l.QuantityReceived, Fault = l.Reason!.IsDefect || l.Reason.IsMerchantFault }).SingleAsync());
        var paid = line.UnitPricePaid.Times(line.QuantityReceived!.Value);
        using (var decided = await client.SubmitAsync(decide, "#decide-form", Selected(decide)))
        {
            decided.Headers.Location!.OriginalString.ShouldBe($"/staff/returns/{rma}");
        }

        var page = await client.GetDocumentAsync($"/staff/returns/{rma}");
        page.QuerySelector("#return-status").Text().ShouldBe("Réglé");
        page.QuerySelector("#settlement").Text().ShouldContain(rma);
        var decision = await ReadAsync(db => db.LineDecisions.Where(d => db.ReturnLines.Any(l => l.Id == d.ReturnLineId && l.QuantityReceived > 0
            && db.Returns.Any(r => r.Rma == rma && r.Id == l.ReturnRequestId))).SingleAsync());
        (decision.Verdict, decision.PricePaid).ShouldBe((line.Fault ? LineVerdict.Accept : LineVerdict.AcceptWithDeduction, paid), "grade B suggests a deduction unless the merchant is at fault");
        decision.Deduction.ShouldBe(line.Fault ? Money.Eur(0) : paid.Percent(10));
        var settlements = await ReadAsync(db => db.Settlements.Where(s => s.IdempotencyKey == $"settle:{rma}").Select(s => s.Amount).ToListAsync());
        settlements.ShouldHaveSingleItem().ShouldBe(decision.Total);
        page.QuerySelector("#history").Text().ShouldContain(Inspector);

        // A second submission of the same (now stale) decision form changes nothing and says why.
        using var again = await client.SubmitAsync(decide, "#decide-form", Selected(decide));
        (await again.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("Ce retour a été modifié par un collègue");
        (await ReadAsync(db => db.Settlements.CountAsync(s => s.IdempotencyKey == $"settle:{rma}"))).ShouldBe(1);
        // The grade-B line's default disposition (open box) moved stock once, in the same save as the settlement.
        (await ReadAsync(db => db.StockMovements.Where(m => db.ReturnLines.Any(l => l.Id == m.ReturnLineId
                && db.Returns.Any(r => r.Rma == rma && r.Id == l.ReturnRequestId)))
            .Select(m => new { m.Cause, m.Bucket, m.Quantity }).ToListAsync()))
            .ShouldHaveSingleItem().ShouldBe(new { Cause = Domain.Inventory.StockCause.ReturnDisposition, Bucket = Domain.Inventory.StockBucket.OpenBox, Quantity = line.QuantityReceived!.Value });
    }

    [Fact]
    public async Task Above_the_threshold_a_second_manager_approves_and_the_decider_cannot()
    {
        var (rma, _, _) = await SeededAsync(ReturnStatus.InTransit, 3);
        await SetThresholdAsync(rma, 0);
        var manager = await factory.SignedInAsync(Manager);
        await ReceiveFirstLineOnlyAsync(manager, rma);
        var inspect = await manager.GetDocumentAsync($"/staff/returns/{rma}/inspect");
        using (await manager.SubmitAsync(inspect, "#inspect-form", new Dictionary<string, string> { ["Form.Grade"] = "A", ["Form.Serial"] = "Matches", ["Form.Required[tags_attached]"] = "true" }))
        {
        }
        var decide = await manager.GetDocumentAsync($"/staff/returns/{rma}/decide");
        decide.QuerySelector("#four-eyes-banner").ShouldNotBeNull();
        using (await manager.SubmitAsync(decide, "#decide-form", Selected(decide)))
        {
        }
        (await manager.GetDocumentAsync("/staff/approvals")).QuerySelector($"#approvals [data-rma='{rma}']").ShouldNotBeNull();

        // The inspector may not even see the approvals.
        var inspector = await factory.SignedInAsync(Inspector);
        using (var denied = await inspector.GetAsync(new Uri($"/staff/approvals/{rma}", UriKind.Relative)))
        {
            denied.Headers.Location!.AbsolutePath.ShouldBe("/account/access-denied");
        }

        var review = await manager.GetDocumentAsync($"/staff/approvals/{rma}");
        using (var self = await manager.SubmitAsync(review, "#approve-form", new Dictionary<string, string>()))
        {
            (await self.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("ne peut pas aussi valider");
        }
        using (var noNote = await manager.SubmitAsync(review, "#send-back-form", new Dictionary<string, string> { ["Form.Note"] = " " }))
        {
            (await noNote.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("Indiquez pourquoi");
        }
        (await ReadAsync(db => db.Returns.Where(r => r.Rma == rma).Select(r => r.Status).SingleAsync())).ShouldBe(ReturnStatus.AwaitingApproval);

        var admin = await factory.SignedInAsync(Admin);
        using (var approved = await admin.SubmitAsync(await admin.GetDocumentAsync($"/staff/approvals/{rma}"), "#approve-form", new Dictionary<string, string>()))
        {
            approved.Headers.Location!.OriginalString.ShouldBe($"/staff/returns/{rma}");
        }
        (await admin.GetDocumentAsync($"/staff/returns/{rma}")).QuerySelector("#return-status").Text().ShouldBe("Réglé");
        (await ReadAsync(db => db.Settlements.CountAsync(s => s.IdempotencyKey == $"settle:{rma}"))).ShouldBe(1);
    }

    [Fact]
    public async Task Two_colleagues_on_the_same_return_one_succeeds_the_other_sees_the_current_state()
    {
        var (rma, _, _) = await SeededAsync(ReturnStatus.Approved, 2);
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
        (await ReadAsync(db => db.ReturnHistory.CountAsync(h => h.To == ReturnStatus.Received && db.Returns.Any(r => r.Rma == rma && r.Id == h.ReturnRequestId))))
            .ShouldBe(1);
    }

    [Fact]
    public async Task A_line_not_received_cannot_be_graded()
    {
        var client = await factory.SignedInAsync(Inspector);
        var (rma, _, _) = await SeededAsync(ReturnStatus.Approved, 3);
        var received = await client.GetDocumentAsync($"/staff/returns/{rma}");
        var inspectBefore = await client.GetDocumentAsync($"/staff/returns/{rma}/inspect");
        inspectBefore.QuerySelector("#not-inspectable").ShouldNotBeNull();
        inspectBefore.QuerySelector("#inspect-form").ShouldBeNull();

        await ReceiveFirstLineOnlyAsync(client, rma);
        var missingLine = await ReadAsync(db => db.ReturnLines.Where(l => l.QuantityReceived == 0 && db.Returns.Any(r => r.Rma == rma && r.Id == l.ReturnRequestId))
            .Select(l => (int?)l.Id).FirstOrDefaultAsync());
        if (missingLine is null)
        {
            return; // a one-line return: nothing was marked missing
        }
        var inspect = await client.GetDocumentAsync($"/staff/returns/{rma}/inspect");
        using var refused = await client.SubmitAsync(inspect, "#inspect-form", new Dictionary<string, string>
        {
            ["Form.LineId"] = missingLine.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.Grade"] = "A",
            ["Form.Serial"] = "Matches",
            ["Form.Required[tags_attached]"] = "true",
        });
        (await refused.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("ne peut pas être notée");
        (await ReadAsync(db => db.ReturnLines.Where(l => l.Id == missingLine).Select(l => l.Grade).SingleAsync())).ShouldBeNull();
    }

    [Fact]
    public async Task Seeded_returns_carry_their_warehouse_work_so_the_demo_can_go_on_from_any_status()
    {
        var client = await factory.SignedInAsync(Manager);
        var (received, _, _) = await SeededAsync(ReturnStatus.Received, 0);
        (await client.GetDocumentAsync($"/staff/returns/{received}/inspect")).QuerySelector("#inspect-form").ShouldNotBeNull();

        var approvals = await client.GetDocumentAsync("/staff/approvals");
        var rows = approvals.QuerySelectorAll("#approvals tbody tr");
        rows.Length.ShouldBeGreaterThan(0);
        var totals = rows.Select(r => r.QuerySelector("td:last-child").Text()).ToList();
        totals.ShouldNotContain(t => t.StartsWith("0,00", StringComparison.Ordinal), "seeded decisions carry their refund");
        (await ReadAsync(db => db.Settlements.CountAsync(s => s.Reference.StartsWith("DEMO-")))).ShouldBeGreaterThan(0);
    }

    /// <summary>The selected option of every select of the decision form, as a browser sends them (HtmlForms posts inputs only).</summary>
    private static Dictionary<string, string> Selected(IHtmlDocument page) =>
        page.QuerySelectorAll<IHtmlSelectElement>("#decide-form select").ToDictionary(s => s.Name!, s => s.Value!);

    /// <summary>Posts the receipt form: the first line received in full, every other line missing.</summary>
    private static async Task ReceiveFirstLineOnlyAsync(HttpClient client, string rma)
    {
        var page = await client.GetDocumentAsync($"/staff/returns/{rma}");
        var values = new Dictionary<string, string>();
        var count = page.QuerySelectorAll("#receive-form fieldset").Length;
        for (var i = 1; i < count; i++)
        {
            values[$"Form.Lines[{i}].Outcome"] = "Missing";
            values[$"Form.Lines[{i}].Quantity"] = "0";
        }
        using var response = await client.SubmitAsync(page, "#receive-form", values);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, page.QuerySelector("#receive-form")!.GetAttribute("action") + (await response.Content.ReadAsStringAsync())[..Math.Min(300, (int)(response.Content.Headers.ContentLength ?? 0))]);
        response.Headers.Location!.OriginalString.ShouldBe($"/staff/returns/{rma}/inspect");
    }

    private Task<int> SetThresholdAsync(string rma, long minor) =>
        factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            var policyId = await db.Returns.Where(r => r.Rma == rma).Select(r => r.PolicyId).SingleAsync();
            var policy = await db.Policies.SingleAsync(p => p.Id == policyId);
            // Only this test decides above the threshold; the other tests in the class use returns it does not touch.
            policy.FourEyesThreshold = Money.Eur(minor);
            return await db.SaveChangesAsync();
        });
}
