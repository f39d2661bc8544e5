using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Staff.Returns;

public sealed class DecideTests_Sqlite(SqlitePortalFactory factory) : DecideTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class DecideTests_Postgres(PostgresPortalFactory factory) : DecideTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>
/// The decision page (Pages/Staff/Returns/Decide): its forms, limits, four-eyes hand-over, settlement and stock.
/// Returns are made per test with <see cref="TestReturns"/> where the test needs a specific one; the others take
/// their own seeded return (by status and Skip) so that tests of the class do not disturb each other.
/// </summary>
public abstract class DecideTests(PortalFactory factory)
{
    private const string Inspector = "inspector@example.fr";

    private const string DemoKey = "demo-api-key";

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

    /// <summary>The decision form with every line accepted with the same manual deduction.</summary>
    private static Dictionary<string, string> Deduct(IHtmlDocument page, string euros)
    {
        var values = page.QuerySelectorAll<IHtmlSelectElement>("#decide-form select").ToDictionary(s => s.Name!, s => s.Value!);
        foreach (var name in values.Keys.Where(k => k.EndsWith(".Verdict", StringComparison.Ordinal)).ToList())
        {
            values[name] = "AcceptWithDeduction";
            values[name.Replace(".Verdict", ".Deduction", StringComparison.Ordinal)] = euros;
            values[name.Replace(".Verdict", ".Disposition", StringComparison.Ordinal)] = "OpenBox";
        }
        return values;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? key = DemoKey, string? json = null)
    {
        var client = factory.CreateClient();
        using var request = new HttpRequestMessage(method, url);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        return await client.SendAsync(request);
    }

    private static async Task<Dictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response)
    {
        using (response)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, await response.Content.ReadAsStringAsync());
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            return problem.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
        }
    }

    [Fact]
    public async Task After_a_recalculation_the_decision_form_still_decides()
    {
        var client = await factory.SignedInAsync(Inspector);
        var rma = (await TestReturns.ReturnAsync(factory, ReturnStatus.Inspected)).Rma;
        var decide = await client.GetDocumentAsync($"/staff/returns/{rma}/decide");

        using var preview = await client.SubmitFormAsync(decide, "#decide-form", new Dictionary<string, string>(), handler: "Preview");
        preview.StatusCode.ShouldBe(HttpStatusCode.OK);
        var previewed = await preview.ReadDocumentAsync();
        previewed.Url.ShouldContain("handler=Preview");
        previewed.QuerySelector("#breakdown").ShouldNotBeNull();

        // The form as the browser would post it from the previewed page: to its own action, not to ?handler=Preview.
        using var decided = await client.SubmitAsync(previewed, "#decide-form", StaffSteps.Selected(previewed));
        decided.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        decided.Headers.Location!.OriginalString.ShouldBe($"/staff/returns/{rma}");
        (await factory.ReadAsync(db => db.Returns.Where(r => r.Rma == rma).Select(r => r.Status).SingleAsync())).ShouldNotBe(ReturnStatus.Inspected);
    }

    [Fact]
    public async Task An_over_limit_deduction_keeps_its_breakdown_and_goes_to_a_manager_with_a_note_who_sees_it_and_approves()
    {
        var inspector = await factory.SignedInAsync(Inspector);
        var rma = (await TestReturns.ReturnAsync(factory, ReturnStatus.Inspected, unitPriceMinor: 8_000)).Rma;
        var decide = await inspector.GetDocumentAsync($"/staff/returns/{rma}/decide");
        var values = StaffSteps.Selected(decide);
        values["Form.Lines[0].Verdict"] = "AcceptWithDeduction";
        values["Form.Lines[0].Deduction"] = "20,01"; // the inspector's limit is 20 €

        // Deciding is refused, and the breakdown stays on screen, marked, with the way forward.
        using (var refused = await inspector.SubmitAsync(decide, "#decide-form", values))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.OK);
            var page = await refused.ReadDocumentAsync();
            page.QuerySelector("#error-summary").Text().ShouldContain("envoyez la décision à un responsable");
            page.QuerySelector("#over-limit-banner").Text().ShouldContain("20,00");
            page.QuerySelector("#over-limit #breakdown").Text().ShouldContain("20,01");
            page.QuerySelector("#propose-submit").ShouldNotBeNull();
            page.QuerySelector("#decide-submit").ShouldBeNull();
        }
        using (var previewed = await inspector.SubmitFormAsync(decide, "#decide-form", values, handler: "Preview"))
        {
            var page = await previewed.ReadDocumentAsync();
            page.QuerySelector("#error-summary").ShouldBeNull();
            page.QuerySelector("#over-limit #breakdown [data-line]").ShouldNotBeNull();
            decide = page;
        }

        // The note is required and at most 500 characters; nothing changes without it.
        foreach (var (bad, message) in new[] { (" ", "Écrivez une note pour le responsable"), (new string('x', 501), "au plus 500 caractères") })
        {
            using var noNote = await inspector.SubmitFormAsync(decide, "#decide-form", new Dictionary<string, string>(values) { ["Form.Note"] = bad }, handler: "Propose");
            noNote.StatusCode.ShouldBe(HttpStatusCode.OK);
            var page = await noNote.ReadDocumentAsync();
            page.QuerySelector("#error-summary").Text().ShouldContain(message);
            page.QuerySelector("#over-limit #breakdown").ShouldNotBeNull();
        }
        (await factory.StatusAsync(rma)).ShouldBe(ReturnStatus.Inspected);

        using (var sent = await inspector.SubmitFormAsync(decide, "#decide-form", new Dictionary<string, string>(values) { ["Form.Note"] = "Semelle décollée, revendable en B" }, handler: "Propose"))
        {
            sent.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            sent.Headers.Location!.OriginalString.ShouldBe($"/staff/returns/{rma}");
        }
        (await factory.StatusAsync(rma)).ShouldBe(ReturnStatus.AwaitingApproval);

        var manager = await factory.SignedInAsync("manager@example.fr");
        (await manager.GetDocumentAsync("/staff/approvals")).QuerySelector($"#approvals [data-rma='{rma}']").ShouldNotBeNull();
        var review = await manager.GetDocumentAsync($"/staff/approvals/{rma}");
        review.QuerySelector("#proposal-note").Text().ShouldContain("Semelle décollée, revendable en B");
        review.QuerySelector("#proposal-note").Text().ShouldContain(Inspector);
        review.QuerySelector("#breakdown").Text().ShouldContain("20,01");
        using (var approved = await manager.SubmitAsync(review, "#approve-form", new Dictionary<string, string>()))
        {
            approved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        (await factory.StatusAsync(rma)).ShouldBe(ReturnStatus.Resolved);
        (await factory.ReadAsync(db => db.Settlements.CountAsync(s => s.IdempotencyKey == $"settle:{rma}"))).ShouldBe(1);
    }

    [Fact]
    public async Task Receive_inspect_and_decide_under_the_threshold_resolve_the_return_with_one_settlement()
    {
        var client = await factory.SignedInAsync(Inspector);
        var (rma, _, _) = await TestReturns.ReturnAsync(factory, ReturnStatus.InTransit, lines: 2);

        await StaffSteps.ReceiveFirstLineOnlyAsync(client, rma);
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
        var line = await factory.ReadAsync(db => db.ReturnLines.Where(l => l.QuantityReceived > 0 && db.Returns.Any(r => r.Rma == rma && r.Id == l.ReturnRequestId))
            .Select(l => new { l.OrderLine!.UnitPricePaid, l.QuantityReceived, Fault = l.Reason!.IsDefect || l.Reason.IsMerchantFault }).SingleAsync());
        var paid = line.UnitPricePaid.Times(line.QuantityReceived!.Value);
        using (var decided = await client.SubmitAsync(decide, "#decide-form", StaffSteps.Selected(decide)))
        {
            decided.Headers.Location!.OriginalString.ShouldBe($"/staff/returns/{rma}");
        }

        var page = await client.GetDocumentAsync($"/staff/returns/{rma}");
        page.QuerySelector("#return-status").Text().ShouldBe("Réglé");
        page.QuerySelector("#settlement").Text().ShouldContain(rma);
        var decision = await factory.ReadAsync(db => db.LineDecisions.Where(d => db.ReturnLines.Any(l => l.Id == d.ReturnLineId && l.QuantityReceived > 0
            && db.Returns.Any(r => r.Rma == rma && r.Id == l.ReturnRequestId))).SingleAsync());
        (decision.Verdict, decision.PricePaid).ShouldBe((line.Fault ? LineVerdict.Accept : LineVerdict.AcceptWithDeduction, paid), "grade B suggests a deduction unless the merchant is at fault");
        decision.Deduction.ShouldBe(line.Fault ? Money.Eur(0) : paid.Percent(10));
        var settlements = await factory.ReadAsync(db => db.Settlements.Where(s => s.IdempotencyKey == $"settle:{rma}").Select(s => s.Amount).ToListAsync());
        settlements.ShouldHaveSingleItem().ShouldBe(decision.Total);
        page.QuerySelector("#history").Text().ShouldContain(Inspector);

        // A second submission of the same (now stale) decision form changes nothing and says why.
        using var again = await client.SubmitAsync(decide, "#decide-form", StaffSteps.Selected(decide));
        (await again.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("Ce retour a été modifié par un collègue");
        (await factory.ReadAsync(db => db.Settlements.CountAsync(s => s.IdempotencyKey == $"settle:{rma}"))).ShouldBe(1);
        // The grade-B line's default disposition (open box) moved stock once, in the same save as the settlement.
        (await factory.ReadAsync(db => db.StockMovements.Where(m => db.ReturnLines.Any(l => l.Id == m.ReturnLineId
                && db.Returns.Any(r => r.Rma == rma && r.Id == l.ReturnRequestId)))
            .Select(m => new { m.Cause, m.Bucket, m.Quantity }).ToListAsync()))
            .ShouldHaveSingleItem().ShouldBe(new { Cause = Domain.Inventory.StockCause.ReturnDisposition, Bucket = Domain.Inventory.StockBucket.OpenBox, Quantity = line.QuantityReceived!.Value });
    }

    [Fact]
    public async Task A_store_credit_decision_credits_the_account_shown_on_the_return_and_the_shop_redeems_it_through_the_api()
    {
        var client = await factory.SignedInAsync(Inspector);
        var (rma, _, email) = await TestReturns.ReturnAsync(factory, ReturnStatus.InTransit, Resolution.StoreCredit);
        await factory.WithScopeAsync(async sp =>
        {
            // Under the four-eyes threshold whatever the seeded amounts: this test is about the credit.
            var db = sp.GetRequiredService<ReturnsDbContext>();
            var policyId = await db.Returns.Where(r => r.Rma == rma).Select(r => r.PolicyId).SingleAsync();
            (await db.Policies.SingleAsync(p => p.Id == policyId)).SetApprovalThreshold(Money.Eur(100_000_000));
            return await db.SaveChangesAsync();
        });
        using (await ReceiveAsync(client, rma, "Received"))
        {
        }
        for (var i = 0; i < 10; i++)
        {
            var inspect = await client.GetDocumentAsync($"/staff/returns/{rma}/inspect");
            if (inspect.QuerySelector("#inspect-form") is null)
            {
                break;
            }
            using var graded = await client.SubmitAsync(inspect, "#inspect-form", new Dictionary<string, string> { ["Form.Grade"] = "A", ["Form.Serial"] = "NotApplicable", ["Form.Required[tags_attached]"] = "true" });
            if (graded.Headers.Location?.OriginalString.EndsWith("/decide", StringComparison.Ordinal) == true)
            {
                break;
            }
        }
        var decide = await client.GetDocumentAsync($"/staff/returns/{rma}/decide");
        using (var decided = await client.SubmitAsync(decide, "#decide-form",
            decide.QuerySelectorAll<IHtmlSelectElement>("#decide-form select").ToDictionary(s => s.Name!, s => s.Value!)))
        {
            decided.Headers.Location!.OriginalString.ShouldBe($"/staff/returns/{rma}");
        }

        var settlement = await factory.ReadAsync(db => db.Settlements.SingleAsync(s => s.IdempotencyKey == $"settle:{rma}"));
        var credited = settlement.Amount + settlement.Bonus;
        // The inspector sees the code masked (ADR 0124); an agent, who gives it to the customer, sees it whole.
        var agent = await factory.SignedInAsync("agent@example.fr");
        var page = await agent.GetDocumentAsync($"/staff/returns/{rma}");
        var code = page.QuerySelector("#credit-code").ShouldNotBeNull().Text();
        page.QuerySelector("#credit-balance")!.Text().ShouldBe(credited.Format(System.Globalization.CultureInfo.GetCultureInfo("fr-FR")));
        page.QuerySelectorAll("#credit-entries tbody tr").Length.ShouldBe(1);
        var outbox = await factory.ReadAsync(db => db.Outbox.SingleAsync(m => m.DedupeKey == $"storecredit:settle:{rma}"));
        outbox.Type.ShouldBe(Domain.Notifications.MessageTypes.StoreCreditIssued);
        JsonDocument.Parse(outbox.Payload).RootElement.GetProperty("customerEmail").GetString().ShouldBe(email.ToLowerInvariant());

        // Balance through the API, the code typed loosely.
        using (var balance = await SendAsync(HttpMethod.Get, $"/api/v1/store-credit/{code.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant()}"))
        {
            balance.StatusCode.ShouldBe(HttpStatusCode.OK);
            var body = await balance.Content.ReadFromJsonAsync<JsonElement>();
            body.GetProperty("balance").GetProperty("amount").GetDecimal().ShouldBe(credited.Minor / 100m);
            body.GetProperty("entries").GetArrayLength().ShouldBe(1);
        }

        var redeem = $"/api/v1/store-credit/{code}/redemptions";
        using (var first = await SendAsync(HttpMethod.Post, redeem, json: """{"amount": 10.00, "reference": "WEB-42"}"""))
        {
            first.StatusCode.ShouldBe(HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
            (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("balance").GetProperty("amount").GetDecimal().ShouldBe((credited.Minor - 1000) / 100m);
        }
        using (var retry = await SendAsync(HttpMethod.Post, redeem, json: """{"amount": 10.00, "reference": "WEB-42"}"""))
        {
            retry.StatusCode.ShouldBe(HttpStatusCode.OK, "a retry spends nothing more");
        }
        using (var reused = await SendAsync(HttpMethod.Post, redeem, json: """{"amount": 11.00, "reference": "WEB-42"}"""))
        {
            reused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        }
        (await ErrorsAsync(await SendAsync(HttpMethod.Post, redeem, json: """{"amount": 0, "reference": "WEB-43"}"""))).Keys.ShouldBe(["amount"]);
        (await ErrorsAsync(await SendAsync(HttpMethod.Post, redeem, json: """{"amount": -3, "reference": "WEB-43"}"""))).Keys.ShouldBe(["amount"]);
        (await ErrorsAsync(await SendAsync(HttpMethod.Post, redeem, json: """{"amount": 1.005, "reference": "WEB-43"}"""))).Keys.ShouldBe(["amount"]);
        (await ErrorsAsync(await SendAsync(HttpMethod.Post, redeem, json: """{"amount": 1}"""))).Keys.ShouldBe(["reference"]);
        var above = await ErrorsAsync(await SendAsync(HttpMethod.Post, redeem, json: """{"amount": 999999, "reference": "WEB-44"}"""));
        above["amount"].ShouldHaveSingleItem().ShouldContain("solde");
        using (var notJson = await SendAsync(HttpMethod.Post, redeem, json: "amount=1"))
        {
            notJson.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }
        using (var unknown = await SendAsync(HttpMethod.Get, "/api/v1/store-credit/AAAA-BBBB-CCCC-DDDD"))
        {
            unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            unknown.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }
        using (var unknownRedeem = await SendAsync(HttpMethod.Post, "/api/v1/store-credit/not-a-code/redemptions", json: """{"amount": 1, "reference": "X"}"""))
        {
            unknownRedeem.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }
        (await factory.ReadAsync(db => db.StoreCreditEntries.CountAsync(e => e.IdempotencyKey.StartsWith("use:" + code)))).ShouldBe(1);
    }

    [Fact]
    public async Task An_inspector_cannot_deduct_above_the_role_limit_and_a_manager_then_can()
    {
        var candidates = await factory.ReadAsync(db => db.Returns.Where(r => r.Status == ReturnStatus.Inspected).OrderBy(r => r.Id)
            .Select(r => new { r.Rma, Lines = r.Lines.Where(l => l.QuantityReceived > 0).Select(l => new { l.OrderLine!.UnitPricePaid, l.QuantityReceived }).ToList() })
            .ToListAsync());
        // The return whose cheapest received line is dearest, so that 25 € and 55 € stay within the price paid.
        var target = candidates.Where(c => c.Lines.Count > 0)
            .Select(c => (c.Rma, Min: c.Lines.Min(l => l.UnitPricePaid.Minor * l.QuantityReceived!.Value)))
            .OrderByDescending(c => c.Min).First();
        target.Min.ShouldBeGreaterThanOrEqualTo(5_500, "the demo shop has inspected returns of dearer items");
        var (managerRma, inspectorRma) = (target.Rma, target.Rma);

        var inspector = await factory.SignedInAsync(Inspector);
        var page = await inspector.GetDocumentAsync($"/staff/returns/{inspectorRma}/decide");
        page.QuerySelector(".deduction-limit").ShouldNotBeNull().Text().ShouldContain("20,00");
        using (var refused = await inspector.SubmitAsync(page, "#decide-form", Deduct(page, "25")))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await refused.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("dépasse votre plafond");
        }
        (await factory.ReadAsync(db => db.Returns.Where(r => r.Rma == inspectorRma).Select(r => r.Status).SingleAsync())).ShouldBe(ReturnStatus.Inspected);

        var manager = await factory.SignedInAsync("manager@example.fr");
        var managerPage = await manager.GetDocumentAsync($"/staff/returns/{managerRma}/decide");
        managerPage.QuerySelector(".deduction-limit").ShouldBeNull("a manager has no limit");
        using (var decided = await manager.SubmitAsync(managerPage, "#decide-form", Deduct(managerPage, "55")))
        {
            decided.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        var deductions = await factory.ReadAsync(db => db.LineDecisions
            .Where(d => db.ReturnLines.Any(l => l.Id == d.ReturnLineId && db.Returns.Any(r => r.Rma == managerRma && r.Id == l.ReturnRequestId)))
            .Select(d => d.Deduction).ToListAsync());
        deductions.ShouldAllBe(d => d.Minor == 5_500);
    }
}
