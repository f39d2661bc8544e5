using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Staff;

public sealed class DecideTests_Sqlite(SqlitePortalFactory factory) : DecideTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class DecideTests_Postgres(PostgresPortalFactory factory) : DecideTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>The decision page's forms (issue 15): each test takes its own seeded inspected return (by Skip).</summary>
public abstract class DecideTests(PortalFactory factory)
{
    private const string Inspector = "inspector@example.fr";

    private Task<string> InspectedAsync(int skip) =>
        ReadAsync(db => db.Returns.Where(x => x.Status == ReturnStatus.Inspected).OrderBy(x => x.Id).Skip(skip).Select(x => x.Rma).FirstAsync());

    private Task<T> ReadAsync<T>(Func<ReturnsDbContext, Task<T>> read) =>
        factory.WithScopeAsync(sp => read(sp.GetRequiredService<ReturnsDbContext>()));

    [Fact]
    public async Task After_a_recalculation_the_decision_form_still_decides()
    {
        var client = await factory.SignedInAsync(Inspector);
        var rma = await InspectedAsync(0);
        var decide = await client.GetDocumentAsync($"/staff/returns/{rma}/decide");

        using var preview = await client.SubmitFormAsync(decide, "#decide-form", new Dictionary<string, string>(), handler: "Preview");
        preview.StatusCode.ShouldBe(HttpStatusCode.OK);
        var previewed = await preview.ReadDocumentAsync();
        previewed.Url.ShouldContain("handler=Preview");
        previewed.QuerySelector("#breakdown").ShouldNotBeNull();

        // The form as the browser would post it from the previewed page: to its own action, not to ?handler=Preview.
        using var decided = await client.SubmitAsync(previewed, "#decide-form", Selected(previewed));
        decided.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        decided.Headers.Location!.OriginalString.ShouldBe($"/staff/returns/{rma}");
        (await ReadAsync(db => db.Returns.Where(r => r.Rma == rma).Select(r => r.Status).SingleAsync())).ShouldNotBe(ReturnStatus.Inspected);
    }

    [Fact]
    public async Task An_over_limit_deduction_keeps_its_breakdown_and_goes_to_a_manager_with_a_note_who_sees_it_and_approves()
    {
        var inspector = await factory.SignedInAsync(Inspector);
        var rma = await InspectedAsync(1);
        var decide = await inspector.GetDocumentAsync($"/staff/returns/{rma}/decide");
        var values = Selected(decide);
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
        (await StatusAsync(rma)).ShouldBe(ReturnStatus.Inspected);

        using (var sent = await inspector.SubmitFormAsync(decide, "#decide-form", new Dictionary<string, string>(values) { ["Form.Note"] = "Semelle décollée, revendable en B" }, handler: "Propose"))
        {
            sent.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            sent.Headers.Location!.OriginalString.ShouldBe($"/staff/returns/{rma}");
        }
        (await StatusAsync(rma)).ShouldBe(ReturnStatus.AwaitingApproval);

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
        (await StatusAsync(rma)).ShouldBe(ReturnStatus.Resolved);
        (await ReadAsync(db => db.Settlements.CountAsync(s => s.IdempotencyKey == $"settle:{rma}"))).ShouldBe(1);
    }

    private Task<ReturnStatus> StatusAsync(string rma) =>
        ReadAsync(db => db.Returns.Where(r => r.Rma == rma).Select(r => r.Status).SingleAsync());

    /// <summary>The selected option of every select of the decision form, as a browser sends them (HtmlForms posts inputs only).</summary>
    private static Dictionary<string, string> Selected(IHtmlDocument page) =>
        page.QuerySelectorAll<IHtmlSelectElement>("#decide-form select").ToDictionary(s => s.Name!, s => s.Value!);
}
