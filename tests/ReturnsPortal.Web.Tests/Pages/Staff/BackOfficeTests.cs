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
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Staff;

public sealed class BackOfficeTests_Sqlite(SqlitePortalFactory factory) : BackOfficeTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class BackOfficeTests_Postgres(PostgresPortalFactory factory) : BackOfficeTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>
/// Close as missing, whole-return reject, store credit (page, ledger and API). Each test takes its own seeded return
/// (different status or Skip) so that they do not disturb each other in the shared database.
/// </summary>
public abstract class BackOfficeTests(PortalFactory factory)
{
    private const string Inspector = "inspector@example.fr";
    private const string DemoKey = "demo-api-key";

    private Task<(string Rma, string Email)> SeededAsync(ReturnStatus status, int skip, Resolution? resolution = null) =>
        factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            var r = await db.Returns.Where(x => x.Status == status && (resolution == null || x.Resolution == resolution))
                .OrderBy(x => x.Id).Skip(skip).Select(x => new { x.Rma, x.Order!.Email }).FirstAsync();
            return (r.Rma, r.Email);
        });

    private Task<T> ReadAsync<T>(Func<ReturnsDbContext, Task<T>> read) =>
        factory.WithScopeAsync(sp => read(sp.GetRequiredService<ReturnsDbContext>()));

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

    [Fact]
    public async Task A_parcel_with_every_line_missing_is_closed_as_missing_and_the_customer_reads_why()
    {
        var client = await factory.SignedInAsync(Inspector);
        var (rma, email) = await SeededAsync(ReturnStatus.Approved, 0);

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
        var language = await ReadAsync(db => db.Returns.Where(r => r.Rma == rma).Select(r => r.Language).SingleAsync());
        var reasonText = ReturnRequest.EmptyParcelReason(language);
        after.QuerySelector("#history").Text().ShouldContain(reasonText[..40]);
        (await ReadAsync(db => db.Settlements.CountAsync(s => s.IdempotencyKey == $"settle:{rma}"))).ShouldBe(0);

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
    public async Task A_whole_return_is_rejected_only_with_a_reason_which_the_customer_is_sent()
    {
        var client = await factory.SignedInAsync(Inspector);
        var (rma, _) = await SeededAsync(ReturnStatus.Approved, 1);
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
        (await ReadAsync(db => db.Returns.Where(r => r.Rma == rma).Select(r => r.Status).SingleAsync())).ShouldBe(ReturnStatus.Received);

        using (var rejected = await client.SubmitAsync(page, "#reject-form", new Dictionary<string, string> { ["End.Reason"] = "Articles portés et lavés." }))
        {
            rejected.Headers.Location!.OriginalString.ShouldBe($"/staff/returns/{rma}");
        }
        (await client.GetDocumentAsync($"/staff/returns/{rma}")).QuerySelector("#return-status").Text().ShouldBe("Refusé");
        var message = await ReadAsync(db => db.Outbox.Where(m => m.DedupeKey.StartsWith("return:" + rma) && m.Payload.Contains("\"to\":\"Rejected\"")).Select(m => m.Payload).SingleAsync());
        JsonDocument.Parse(message).RootElement.GetProperty("note").GetString().ShouldBe("Articles portés et lavés.", "the rejection e-mail quotes it");
    }

    [Fact]
    public async Task A_store_credit_decision_credits_the_account_shown_on_the_return_and_the_shop_redeems_it_through_the_api()
    {
        var client = await factory.SignedInAsync(Inspector);
        var (rma, email) = await SeededAsync(ReturnStatus.InTransit, 0, Resolution.StoreCredit);
        await factory.WithScopeAsync(async sp =>
        {
            // Under the four-eyes threshold whatever the seeded amounts: this test is about the credit.
            var db = sp.GetRequiredService<ReturnsDbContext>();
            var policyId = await db.Returns.Where(r => r.Rma == rma).Select(r => r.PolicyId).SingleAsync();
            (await db.Policies.SingleAsync(p => p.Id == policyId)).FourEyesThreshold = Money.Eur(100_000_000);
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

        var settlement = await ReadAsync(db => db.Settlements.SingleAsync(s => s.IdempotencyKey == $"settle:{rma}"));
        var credited = settlement.Amount + settlement.Bonus;
        var page = await client.GetDocumentAsync($"/staff/returns/{rma}");
        var code = page.QuerySelector("#credit-code").ShouldNotBeNull().Text();
        page.QuerySelector("#credit-balance")!.Text().ShouldBe(credited.Format(System.Globalization.CultureInfo.GetCultureInfo("fr-FR")));
        page.QuerySelectorAll("#credit-entries tbody tr").Length.ShouldBe(1);
        var outbox = await ReadAsync(db => db.Outbox.SingleAsync(m => m.DedupeKey == $"storecredit:settle:{rma}"));
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
        (await ReadAsync(db => db.StoreCreditEntries.CountAsync(e => e.IdempotencyKey.StartsWith("use:" + code)))).ShouldBe(1);
    }

    [Fact]
    public async Task The_store_credit_api_needs_a_key_and_redeeming_needs_the_write_scope()
    {
        const string readOnly = "read-only-store-credit-key";
        await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            if (!await db.ApiKeys.AnyAsync(k => k.Name == "read only"))
            {
                db.ApiKeys.Add(new ApiKey { Name = "read only", KeyHash = ApiKey.Hash(readOnly), Scopes = ApiScopes.ReturnsRead, CreatedAt = DateTime.UtcNow });
            }
            return await db.SaveChangesAsync();
        });
        var code = StoreCreditAccount.NewCode();
        using (var anonymous = await SendAsync(HttpMethod.Get, $"/api/v1/store-credit/{code}", key: null))
        {
            anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
        using (var readScope = await SendAsync(HttpMethod.Get, $"/api/v1/store-credit/{code}", key: readOnly))
        {
            readScope.StatusCode.ShouldBe(HttpStatusCode.NotFound, "allowed to read, and the code is unknown");
        }
        using var noWrite = await SendAsync(HttpMethod.Post, $"/api/v1/store-credit/{code}/redemptions", key: readOnly, json: """{"amount": 1, "reference": "X"}""");
        noWrite.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_inspector_cannot_deduct_above_the_role_limit_and_a_manager_then_can()
    {
        var candidates = await ReadAsync(db => db.Returns.Where(r => r.Status == ReturnStatus.Inspected).OrderBy(r => r.Id)
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
        (await ReadAsync(db => db.Returns.Where(r => r.Rma == inspectorRma).Select(r => r.Status).SingleAsync())).ShouldBe(ReturnStatus.Inspected);

        var manager = await factory.SignedInAsync("manager@example.fr");
        var managerPage = await manager.GetDocumentAsync($"/staff/returns/{managerRma}/decide");
        managerPage.QuerySelector(".deduction-limit").ShouldBeNull("a manager has no limit");
        using (var decided = await manager.SubmitAsync(managerPage, "#decide-form", Deduct(managerPage, "55")))
        {
            decided.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        var deductions = await ReadAsync(db => db.LineDecisions
            .Where(d => db.ReturnLines.Any(l => l.Id == d.ReturnLineId && db.Returns.Any(r => r.Rma == managerRma && r.Id == l.ReturnRequestId)))
            .Select(d => d.Deduction).ToListAsync());
        deductions.ShouldAllBe(d => d.Minor == 5_500);
    }

    [Fact]
    public async Task A_scan_of_the_customers_email_opens_their_only_open_return_or_lists_them_all()
    {
        var client = await factory.SignedInAsync(Inspector);
        var open = await ReadAsync(db => db.Returns
            .Where(r => r.Status != ReturnStatus.Closed && r.Status != ReturnStatus.Cancelled && r.Status != ReturnStatus.Expired)
            .Select(r => new { r.Rma, r.Order!.Email }).ToListAsync());
        var byEmail = open.GroupBy(r => r.Email.ToLowerInvariant()).ToList();
        var single = byEmail.First(g => g.Count() == 1);
        var several = byEmail.First(g => g.Count() > 1);

        var page = await client.GetDocumentAsync("/staff/receive");
        using (var one = await client.SubmitAsync(page, "#scan-form", new Dictionary<string, string> { ["Scan"] = "  " + single.Key.ToUpperInvariant() + " " }))
        {
            one.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            one.Headers.Location!.OriginalString.ShouldBe($"/staff/returns/{single.Single().Rma}");
        }
        using var many = await client.SubmitAsync(page, "#scan-form", new Dictionary<string, string> { ["Scan"] = several.Key });
        many.StatusCode.ShouldBe(HttpStatusCode.OK);
        var listed = (await many.ReadDocumentAsync()).QuerySelectorAll("#matches a").Select(a => a.TextContent.Trim()).ToList();
        listed.ShouldBe(several.Select(r => r.Rma).ToList(), ignoreOrder: true);
        using var nobody = await client.SubmitAsync(page, "#scan-form", new Dictionary<string, string> { ["Scan"] = "nobody-" + Guid.NewGuid().ToString("N")[..6] + "@example.fr" });
        (await nobody.ReadDocumentAsync()).QuerySelector("#nothing-found").ShouldNotBeNull();
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
}
