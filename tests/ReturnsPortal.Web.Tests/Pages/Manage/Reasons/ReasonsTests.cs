using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Manage.Reasons;

public sealed class ReasonsTests_Sqlite(SqlitePortalFactory factory) : ReasonsTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class ReasonsTests_Postgres(PostgresPortalFactory factory) : ReasonsTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>Return reasons: add, rename, retire; retired reasons stay readable on the returns that used them.</summary>
public abstract class ReasonsTests(PortalFactory factory)
{
    [Fact]
    public async Task A_manager_adds_a_reason_which_customers_are_offered_then_renames_and_retires_it()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");
        var page = await manager.GetDocumentAsync("/manage/reasons");
        page.QuerySelector("#staff-nav-reasons").ShouldNotBeNull();

        using var added = await manager.SubmitAsync(page, "#add-reason", new Dictionary<string, string>
        {
            ["Form.Code"] = "gift_duplicate",
            ["Form.LabelFr"] = "Cadeau reçu en double",
            ["Form.LabelEn"] = "Gift received twice",
        });
        added.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var list = await manager.GetDocumentAsync(added.Headers.Location!.OriginalString);
        list.QuerySelector("#reasons-done").Text().ShouldBe("Le motif est ajouté et proposé aux clients.");
        list.QuerySelector("#reason-gift_duplicate").Text().ShouldContain("Gift received twice");

        var id = await ReasonIdAsync("gift_duplicate");
        var edit = await manager.GetDocumentAsync($"/manage/reasons/edit/{id}");
        using var saved = await manager.SubmitAsync(edit, "#edit-reason", new Dictionary<string, string>
        {
            ["Form.LabelFr"] = "Cadeau en double",
            ["Form.LabelEn"] = "Duplicate gift",
            ["Form.PhotoWanted"] = "true",
        });
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        // The same stale form again: a colleague's change is never overwritten silently.
        using var stale = await manager.SubmitAsync(edit, "#edit-reason", new Dictionary<string, string> { ["Form.LabelFr"] = "Autre chose" });
        stale.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await stale.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("Un collègue a modifié ce motif");

        list = await manager.GetDocumentAsync("/manage/reasons");
        var row = list.QuerySelector("#reason-gift_duplicate")!;
        row.Text().ShouldContain("Cadeau en double");
        row.Text().ShouldContain("Photo obligatoire");
        using var retired = await manager.SubmitAsync(list, "#reason-gift_duplicate form", new Dictionary<string, string>());
        retired.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await manager.GetDocumentAsync("/manage/reasons")).QuerySelector("#reason-gift_duplicate .reason-status").Text().ShouldStartWith("Retiré");
    }

    [Fact]
    public async Task Retiring_a_reason_used_by_open_returns_keeps_those_returns_readable_for_staff_and_customers()
    {
        // A seeded open return and the reason of its first line.
        var (rma, email, reasonId, code, label) = await factory.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<ReturnsDbContext>();
            var x = await (from r in db.Returns
                           join l in db.ReturnLines on r.Id equals l.ReturnRequestId
                           join reason in db.Reasons on l.ReasonId equals reason.Id
                           where r.Status == Domain.Returns.ReturnStatus.InTransit
                           orderby r.Id
                           select new { r.Rma, r.Order!.Email, reason.Id, reason.Code, reason.LabelFr }).FirstAsync();
            return (x.Rma, x.Email, x.Id, x.Code, x.LabelFr);
        });
        var manager = await factory.SignedInAsync("manager@example.fr");
        var list = await manager.GetDocumentAsync("/manage/reasons");
        list.QuerySelector($"#reason-{code} .reason-status").Text().ShouldContain("retours en cours");

        using var retired = await manager.SubmitAsync(list, $"#reason-{code} form", new Dictionary<string, string>());
        retired.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        try
        {
            var staff = await manager.GetDocumentAsync($"/staff/returns/{rma.ToLowerInvariant()}");
            staff.Body!.TextContent.ShouldContain(label);
            var customer = factory.CreateBrowserLikeClient();
            var track = await customer.GetDocumentAsync("/returns/track");
            using var opened = await customer.SubmitAsync(track, "main form", new Dictionary<string, string> { ["Form.Rma"] = rma, ["Form.Email"] = email });
            // The customer's tracking page (which shows no reasons) still opens for that return.
            var detail = await customer.GetDocumentAsync(opened.Headers.Location!.OriginalString);
            detail.Body!.TextContent.ShouldContain(rma);
        }
        finally
        {
            var again = await manager.GetDocumentAsync("/manage/reasons");
            using var back = await manager.SubmitAsync(again, $"#reason-{code} form", new Dictionary<string, string>());
            back.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        (await ReasonActiveAsync(reasonId)).ShouldBeTrue();
    }

    [Fact]
    public async Task A_bad_or_taken_code_and_missing_labels_get_their_messages_and_add_nothing()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");
        var page = await manager.GetDocumentAsync("/manage/reasons");
        var before = await factory.WithScopeAsync(s => s.GetRequiredService<ReturnsDbContext>().Reasons.CountAsync());

        using var bad = await manager.SubmitAsync(page, "#add-reason", new Dictionary<string, string>
        {
            ["Form.Code"] = "Pas Bon!",
            ["Form.LabelFr"] = "",
            ["Form.LabelEn"] = "",
        });
        var result = await bad.ReadDocumentAsync();
        result.QuerySelector("[data-valmsg-for='Form.Code']").Text().ShouldStartWith("Saisissez un code de 1 à 40");
        result.QuerySelector("[data-valmsg-for='Form.LabelFr']").Text().ShouldBe("Saisissez le libellé.");
        using var taken = await manager.SubmitAsync(page, "#add-reason", new Dictionary<string, string>
        {
            ["Form.Code"] = "too_small",
            ["Form.LabelFr"] = "x",
            ["Form.LabelEn"] = "x",
        });
        (await taken.ReadDocumentAsync()).QuerySelector("[data-valmsg-for='Form.Code']").Text().ShouldBe("Un motif porte déjà ce code.");
        (await factory.WithScopeAsync(s => s.GetRequiredService<ReturnsDbContext>().Reasons.CountAsync())).ShouldBe(before);
    }

    private Task<int> ReasonIdAsync(string code) =>
        factory.WithScopeAsync(s => s.GetRequiredService<ReturnsDbContext>().Reasons.Where(r => r.Code == code).Select(r => r.Id).SingleAsync());

    private Task<bool> ReasonActiveAsync(int id) =>
        factory.WithScopeAsync(s => s.GetRequiredService<ReturnsDbContext>().Reasons.Where(r => r.Id == id).Select(r => r.IsActive).SingleAsync());
}
