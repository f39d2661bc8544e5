using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Manage.Policy;

public sealed class IndexTests_Sqlite(SqlitePortalFactory factory) : IndexTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class IndexTests_Postgres(PostgresPortalFactory factory) : IndexTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>
/// The policy editor (Pages/Manage/Policy/Index) and what it publishes on the public page, over HTTP (ADR 0080, 0081).
/// Its checklist, methods and refund-type sections publish versions too and have their own classes (own databases):
/// ChecklistTermsTests, PolicyMethodsTests, RefundTypesTests. The tests of this class share one database and
/// each publishes from whatever version is current when it starts, so their order does not matter.
/// </summary>
public abstract class IndexTests(PortalFactory factory)
{
    private Task<int> CurrentVersionAsync() => factory.WithScopeAsync(services =>
        services.GetRequiredService<ReturnsDbContext>().Policies.Where(p => p.IsDefault).Select(p => p.VersionNumber).SingleAsync());

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, IHtmlDocument page, string handler, Dictionary<string, string> values)
    {
        // The buttons carry their handler in formaction, which a browser honours; point the form at it as a browser would.
        page.QuerySelector("#policy-form")!.SetAttribute("action", $"/manage/policy?handler={handler}");
        return await client.SubmitAsync(page, "#policy-form", values);
    }

    [Fact]
    public async Task A_published_change_shows_on_the_public_page_and_the_find_order_page_at_once_in_both_languages()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");
        var editor = await manager.GetDocumentAsync("/manage/policy");
        var before = await CurrentVersionAsync();
        editor.QuerySelector("#nav-policy").ShouldNotBeNull();
        var values = new Dictionary<string, string> { ["Form.WindowDays"] = "21", ["Form.PickupFee"] = "3,50", ["Form.SampleOrder"] = "DEMO-1001" };

        using var previewed = await PostAsync(manager, editor, "Preview", values);
        previewed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var preview = await previewed.ReadDocumentAsync();
        preview.QuerySelector("#error-summary").ShouldBeNull(preview.QuerySelector("#error-summary").Text());
        var changes = preview.QuerySelectorAll("#preview-changes li").Select(li => li.Text()).ToList();
        changes.ShouldContain(c => c.Contains("Délai de retour", StringComparison.Ordinal) && c.Contains("21", StringComparison.Ordinal));
        changes.ShouldContain(c => c.Contains("enlèvement", StringComparison.Ordinal) && c.Contains("3.50", StringComparison.Ordinal));
        preview.QuerySelector("#preview-text #policy-window").Text().ShouldContain("21 jours");
        preview.QuerySelectorAll("#preview-sample tbody tr").Length.ShouldBe(3);
        (await CurrentVersionAsync()).ShouldBe(before, "a preview publishes nothing");

        using var published = await PostAsync(manager, preview, "Publish", new() { ["Form.Note"] = "Hiver" });
        published.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await CurrentVersionAsync()).ShouldBe(before + 1);
        var after = await manager.GetDocumentAsync(published.Headers.Location!.OriginalString);
        after.QuerySelector("#policy-published").Text().ShouldContain($"{before + 1}");
        after.QuerySelector($"#policy-version-{before + 1}").Text().ShouldContain("Hiver");

        var customer = factory.CreateBrowserLikeClient();
        var french = await customer.GetDocumentAsync("/returns/policy");
        french.QuerySelector("#policy-window").Text().ShouldBe("Vous pouvez retourner un article dans les 21 jours suivant la livraison.");
        french.QuerySelector("#policy-fee-Pickup").Text().ShouldContain("3,50");
        french.QuerySelector("#policy-withdrawal").Text().ShouldContain("14 jours");
        french.QuerySelector("#policy-guarantee").Text().ShouldContain("2 ans");
        french.QuerySelector("#policy-withdraw-link")!.GetAttribute("href").ShouldBe("/returns/withdraw");
        french.QuerySelector("#footer-policy-link")!.GetAttribute("href").ShouldBe("/returns/policy");
        (await customer.GetDocumentAsync("/returns")).QuerySelector("#find-policy-window").Text().ShouldStartWith("21 jours");

        var home = await customer.GetDocumentAsync("/returns/policy");
        using var _ = await customer.SubmitAsync(home, "#culture-form", new Dictionary<string, string>(), "culture", "en-GB");
        var english = await customer.GetDocumentAsync("/returns/policy");
        english.QuerySelector("h1").Text().ShouldBe("Return policy");
        english.QuerySelector("#policy-window").Text().ShouldBe("You can return an item within 21 days of delivery.");
        english.QuerySelector("#policy-fee-Pickup").Text().ShouldContain("3.50");
        english.QuerySelector("#policy-withdrawal").Text().ShouldContain("14 days");
    }

    [Fact]
    public async Task Two_managers_editing_at_once_the_second_gets_a_conflict_message_and_nothing_is_overwritten()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");
        var admin = await factory.SignedInAsync("admin@example.fr");
        var first = await manager.GetDocumentAsync("/manage/policy");
        var second = await admin.GetDocumentAsync("/manage/policy");
        var before = await CurrentVersionAsync();

        using var won = await PostAsync(manager, first, "Publish", new() { ["Form.LabelValidityDays"] = "20" });
        won.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var lost = await PostAsync(admin, second, "Publish", new() { ["Form.LabelValidityDays"] = "45" });

        lost.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await lost.ReadDocumentAsync();
        page.QuerySelector("#error-summary").Text().ShouldContain($"Un collègue a publié la version {before + 1}");
        page.QuerySelector("#Form_LabelValidityDays")!.GetAttribute("value").ShouldBe("45", "the typed values stay on screen");
        (await CurrentVersionAsync()).ShouldBe(before + 1);
        var labelDays = await factory.WithScopeAsync(s =>
            s.GetRequiredService<ReturnsDbContext>().Policies.Where(p => p.IsDefault).Select(p => p.LabelValidityDays).SingleAsync());
        labelDays.ShouldBe(20);
    }

    [Fact]
    public async Task Each_wrong_value_gets_its_message_next_to_its_field_and_nothing_is_published()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");
        var editor = await manager.GetDocumentAsync("/manage/policy");
        var before = await CurrentVersionAsync();

        using var response = await PostAsync(manager, editor, "Publish", new()
        {
            ["Form.WindowDays"] = "0",
            ["Form.StoreCreditBonusPercent"] = "150",
            ["Form.DropOffFee"] = "abc",
            ["Form.PickupFee"] = "5000",
            ["Form.RefundServiceDays"] = "30",
            ["Form.Seasons[0].PurchasedFrom"] = "2026-12-31",
            ["Form.Seasons[0].PurchasedTo"] = "2026-11-15",
            ["Form.Seasons[0].ReturnableUntil"] = "2027-01-31",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await response.ReadDocumentAsync();
        page.QuerySelector("[data-valmsg-for='Form.DropOffFee']").Text().ShouldBe("Saisissez un montant en euros, par ex. 4,90.");
        page.QuerySelectorAll("#error-summary li").Length.ShouldBe(1, "format errors first: the guard rails need numbers");
        (await CurrentVersionAsync()).ShouldBe(before);

        // Format fixed: now the guard rails speak, each next to its field.
        using var again = await PostAsync(manager, page, "Publish", new() { ["Form.DropOffFee"] = "0" });
        var rails = await again.ReadDocumentAsync();
        rails.QuerySelector("[data-valmsg-for='Form.WindowDays']").Text().ShouldBe("Le délai doit être d'au moins 1 jour.");
        rails.QuerySelector("[data-valmsg-for='Form.StoreCreditBonusPercent']").Text().ShouldBe("Le bonus est un pourcentage entre 0 et 100.");
        rails.QuerySelector("[data-valmsg-for='Form.RefundServiceDays']").Text().ShouldStartWith("La loi impose un remboursement sous 14 jours");
        rails.QuerySelector("[data-valmsg-for='Form.Seasons[0].ReturnableUntil']").Text().ShouldBe("La période d'achat se termine avant de commencer.");
        rails.QuerySelector("#error-summary").Text().ShouldContain("Ces frais dépassent le prix de l'article retournable le moins cher");
        (await CurrentVersionAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Publishing_without_any_change_is_refused_and_an_unknown_sample_order_is_said_so()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");
        var editor = await manager.GetDocumentAsync("/manage/policy");
        var before = await CurrentVersionAsync();

        using var preview = await PostAsync(manager, editor, "Preview", new() { ["Form.SampleOrder"] = "NOPE-404" });
        var previewPage = await preview.ReadDocumentAsync();
        previewPage.QuerySelector("[data-valmsg-for='Form.SampleOrder']").Text().ShouldBe("Aucune commande ne porte ce numéro.");
        previewPage.QuerySelector("#preview-no-change").ShouldNotBeNull();
        using var publish = await PostAsync(manager, editor, "Publish", []);
        (await publish.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("Rien n'a changé");
        (await CurrentVersionAsync()).ShouldBe(before);
    }
}
