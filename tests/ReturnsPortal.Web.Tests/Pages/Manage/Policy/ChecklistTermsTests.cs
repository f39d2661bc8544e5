using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Manage.Policy;

public sealed class ChecklistTermsTests_Sqlite(SqlitePortalFactory factory) : ChecklistTermsTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class ChecklistTermsTests_Postgres(PostgresPortalFactory factory) : ChecklistTermsTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>
/// The policy page's inspection checklist (Pages/Manage/Policy): a manager switches items off, requires or adds one,
/// and the public policy page says so (inspection under such a version: Staff/Returns/InspectTests).
/// </summary>
public abstract class ChecklistTermsTests(PortalFactory factory)
{
    private const string Manager = "manager@example.fr";

    private Task<T> ReadAsync<T>(Func<ReturnsDbContext, Task<T>> read) =>
        factory.WithScopeAsync(sp => read(sp.GetRequiredService<ReturnsDbContext>()));

    private Task<int> CurrentVersionAsync() => ReadAsync(db => db.Policies.Where(p => p.IsDefault).Select(p => p.VersionNumber).SingleAsync());

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, IHtmlDocument page, string handler, Dictionary<string, string> values)
    {
        page.QuerySelector("#policy-form")!.SetAttribute("action", $"/manage/policy?handler={handler}");
        return await client.SubmitAsync(page, "#policy-form", values);
    }

    /// <summary>The form prefix of a checklist row ("Form.Checklist[2]"), found by its code ("new" for the empty row).</summary>
    private static string Row(IHtmlDocument editor, string code) =>
        editor.QuerySelector($"tr[data-checklist='{code}'] input[name$='.Position']").ShouldNotBeNull().GetAttribute("name")![..^".Position".Length];

    [Fact]
    public async Task A_manager_disables_an_item_requires_another_and_adds_one_and_the_public_page_says_so_in_french_and_english()
    {
        var manager = await factory.SignedInAsync(Manager);
        var editor = await manager.GetDocumentAsync("/manage/policy");
        editor.QuerySelector("#policy-checklist-editor legend").Text().ShouldBe("Points de contrôle à réception");
        var before = await CurrentVersionAsync();

        // Refused, next to their fields, and nothing is published: a disabled required item, a bad code, a missing label.
        using (var refused = await PostAsync(manager, editor, "Publish", new()
        {
            [$"{Row(editor, "original_packaging")}.IsEnabled"] = "false",
            [$"{Row(editor, "original_packaging")}.IsRequired"] = "true",
            [$"{Row(editor, "new")}.Code"] = "Boîte",
            [$"{Row(editor, "new")}.LabelFr"] = "Boîte",
        }))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.OK);
            var page = await refused.ReadDocumentAsync();
            page.QuerySelector($"[data-valmsg-for='{Row(editor, "original_packaging")}.IsRequired']").Text()
                .ShouldBe("Un point désactivé ne peut pas être obligatoire : activez-le ou décochez « Obligatoire ».");
            page.QuerySelector($"[data-valmsg-for='{Row(editor, "new")}.Code']").Text().ShouldBe("Un code compte 1 à 40 lettres minuscules, chiffres ou tirets bas.");
            page.QuerySelector<IHtmlInputElement>($"input[name='{Row(editor, "new")}.LabelFr']")!.Value.ShouldBe("Boîte", "what was typed stays on screen");
        }
        (await CurrentVersionAsync()).ShouldBe(before);

        var changes = new Dictionary<string, string>
        {
            [$"{Row(editor, "original_packaging")}.IsEnabled"] = "false",
            [$"{Row(editor, "original_packaging")}.IsRequired"] = "false",
            [$"{Row(editor, "proof_of_purchase")}.IsRequired"] = "true",
            [$"{Row(editor, "new")}.Code"] = "manual_included",
            [$"{Row(editor, "new")}.LabelFr"] = "Notice incluse",
            [$"{Row(editor, "new")}.LabelEn"] = "Manual included",
            [$"{Row(editor, "new")}.Position"] = "1",
        };
        using var previewed = await PostAsync(manager, editor, "Preview", changes);
        var preview = await previewed.ReadDocumentAsync();
        preview.QuerySelectorAll("#preview-changes li").Select(li => li.Text())
            .ShouldContain(c => c.Contains("Point de contrôle — Notice incluse : actif", StringComparison.Ordinal) && c.Contains("— → True", StringComparison.Ordinal));
        preview.QuerySelectorAll("#preview-text #policy-checklist li").Select(li => li.Text()).ShouldBe(
            ["Notice incluse", "Étiquettes attachées (obligatoire)", "Accessoires complets", "Preuve d'achat (obligatoire)"]);
        using var published = await PostAsync(manager, preview, "Publish", []);
        published.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await CurrentVersionAsync()).ShouldBe(before + 1);
        var history = (await manager.GetDocumentAsync("/manage/policy")).QuerySelector($"#policy-version-{before + 1}").Text();
        history.ShouldContain("Point de contrôle — Notice incluse : libellés : — → Notice incluse / Manual included");

        var customer = factory.CreateBrowserLikeClient();
        var french = await customer.GetDocumentAsync("/returns/policy");
        french.QuerySelectorAll("#policy-checklist li").Select(li => li.Text())
            .ShouldBe(["Notice incluse", "Étiquettes attachées (obligatoire)", "Accessoires complets", "Preuve d'achat (obligatoire)"]);
        french.QuerySelector("#policy-checklist-withdrawal").Text().ShouldContain("délai de rétractation de 14 jours");
        using var _ = await customer.SubmitAsync(french, "#culture-form", new Dictionary<string, string>(), "culture", "en-GB");
        var english = await customer.GetDocumentAsync("/returns/policy");
        english.QuerySelectorAll("#policy-checklist li").Select(li => li.Text())
            .ShouldBe(["Manual included", "Tags attached (required)", "All accessories included", "Proof of purchase (required)"]);
        english.QuerySelector("#policy-checklist-withdrawal").Text().ShouldContain("14-day withdrawal period");
    }
}
