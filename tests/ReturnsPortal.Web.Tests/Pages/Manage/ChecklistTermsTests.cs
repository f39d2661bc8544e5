using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Manage;

public sealed class ChecklistTermsTests_Sqlite(SqlitePortalFactory factory) : ChecklistTermsTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class ChecklistTermsTests_Postgres(PostgresPortalFactory factory) : ChecklistTermsTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>
/// The conditions checklist shaped by the manager (ADR 0086): on/off and required in the editor, shown so on the public
/// page, asked so at inspection, and a failed required condition warns the decider.
/// </summary>
public abstract class ChecklistTermsTests(PortalFactory factory)
{
    private const string Manager = "manager@example.fr";
    private const string Inspector = "inspector@example.fr";

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

    /// <summary>
    /// Publishes (through the domain) a version with the packaging off and tags and proof of purchase required, and
    /// moves a seeded received return onto it, as if it had been made under that version.
    /// </summary>
    private async Task<string> ReceivedUnderNewVersionAsync() =>
        await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            var current = await db.Policies.WithTerms().SingleAsync(p => p.IsDefault);
            var proposed = current.CopyTerms();
            proposed.Checklist.Single(c => c.Code == "original_packaging").SetState(isEnabled: false, isRequired: false);
            proposed.Checklist.Single(c => c.Code == "tags_attached").SetState(isEnabled: true, isRequired: true);
            proposed.Checklist.Single(c => c.Code == "proof_of_purchase").SetState(isEnabled: true, isRequired: true);
            // A switched-off extra item: this version always differs from the current one, whichever test ran first.
            proposed.AddChecklistItem($"trial_{Guid.NewGuid():N}"[..30], "Essai", "Trial", isEnabled: false);
            db.Policies.Add(PolicyVersions.Publish(current, proposed, Manager, null, DateTime.UtcNow, null));
            await db.SaveChangesAsync();
            var rma = await db.Returns.Where(r => r.Status == ReturnStatus.Received && r.Lines.Count(l => l.QuantityReceived > 0) == 1 && r.Lines.All(l => l.Grade == null))
                .OrderBy(r => r.Id).Select(r => r.Rma).FirstAsync();
            await db.Returns.Where(r => r.Rma == rma).ExecuteUpdateAsync(s => s.SetProperty(r => r.PolicyId, proposed.Id));
            return rma;
        });

    [Fact]
    public async Task Inspection_hides_a_disabled_item_asks_required_ones_yes_or_no_and_a_no_warns_the_decider()
    {
        var rma = await ReceivedUnderNewVersionAsync();
        var inspector = await factory.SignedInAsync(Inspector);
        var inspect = await inspector.GetDocumentAsync($"/staff/returns/{rma}/inspect");
        inspect.QuerySelector("#check-original_packaging").ShouldBeNull("a switched-off item is not checked");
        inspect.QuerySelector("#check-accessories_complete").ShouldNotBeNull("an optional item stays a switch");
        foreach (var code in new[] { "tags_attached", "proof_of_purchase" })
        {
            var yes = inspect.QuerySelector<IHtmlInputElement>($"#required-{code}-yes").ShouldNotBeNull();
            var no = inspect.QuerySelector<IHtmlInputElement>($"#required-{code}-no").ShouldNotBeNull();
            (yes.Type, no.Type, yes.IsChecked, no.IsChecked).ShouldBe(("radio", "radio", false, false), "no default answer");
            inspect.QuerySelector($"label[for='required-{code}-yes']").ShouldNotBeNull();
        }
        Task<bool> GradedAsync() => ReadAsync(db => db.ReturnLines.AnyAsync(l => l.Grade != null && db.Returns.Any(r => r.Rma == rma && r.Id == l.ReturnRequestId)));

        // Proof of purchase left unanswered: refused with a message naming it; the other answers stay on screen.
        using (var unanswered = await inspector.SubmitAsync(inspect, "#inspect-form", new Dictionary<string, string>
        {
            ["Form.Grade"] = "B",
            ["Form.Serial"] = "NotApplicable",
            ["Form.Required[tags_attached]"] = "false",
            ["Form.Notes"] = "Étiquette coupée",
        }))
        {
            unanswered.StatusCode.ShouldBe(HttpStatusCode.OK);
            var page = await unanswered.ReadDocumentAsync();
            page.QuerySelector("#required-proof_of_purchase-error").Text().ShouldBe("Répondez oui ou non pour la condition obligatoire « Preuve d'achat ».");
            page.QuerySelector("#error-summary").Text().ShouldContain("Preuve d'achat");
            page.QuerySelector<IHtmlInputElement>("#grade-B")!.IsChecked.ShouldBeTrue();
            page.QuerySelector<IHtmlInputElement>("#required-tags_attached-no")!.IsChecked.ShouldBeTrue();
            page.QuerySelector<IHtmlTextAreaElement>("#Form_Notes")!.Value.ShouldBe("Étiquette coupée");
        }
        (await GradedAsync()).ShouldBeFalse("nothing was saved");

        // A switched-off item posted anyway (a stale or forged form) is refused.
        using (var disabled = await inspector.SubmitAsync(inspect, "#inspect-form", new Dictionary<string, string>
        {
            ["Form.Grade"] = "B",
            ["Form.Serial"] = "NotApplicable",
            ["Form.Checklist"] = "original_packaging",
            ["Form.Required[tags_attached]"] = "false",
            ["Form.Required[proof_of_purchase]"] = "true",
        }))
        {
            disabled.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await disabled.ReadDocumentAsync()).QuerySelector("#error-summary").Text()
                .ShouldContain("Ce point de contrôle est désactivé dans la version de politique de ce retour.");
        }
        (await GradedAsync()).ShouldBeFalse("nothing was saved");

        // "No" for the tags is recorded: the inspector records reality, the decider is warned.
        using (var saved = await inspector.SubmitAsync(inspect, "#inspect-form", new Dictionary<string, string>
        {
            ["Form.Grade"] = "B",
            ["Form.Serial"] = "NotApplicable",
            ["Form.Required[tags_attached]"] = "false",
            ["Form.Required[proof_of_purchase]"] = "true",
        }))
        {
            saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            saved.Headers.Location!.OriginalString.ShouldBe($"/staff/returns/{rma}/decide");
        }
        (await ReadAsync(db => db.ReturnLines.Where(l => l.Grade != null && db.Returns.Any(r => r.Rma == rma && r.Id == l.ReturnRequestId))
            .Select(l => l.ChecklistPassed).SingleAsync())).ShouldBe("proof_of_purchase");

        var detail = await inspector.GetDocumentAsync($"/staff/returns/{rma}");
        var warning = detail.QuerySelector(".checklist-warning").ShouldNotBeNull();
        warning.Text().ShouldContain("Condition obligatoire non remplie : Étiquettes attachées");
        warning.Text().ShouldContain("L221-23");
        warning.Text().ShouldNotContain("Preuve d'achat");
        var decide = await (await factory.SignedInAsync(Manager)).GetDocumentAsync($"/staff/returns/{rma}/decide");
        decide.QuerySelector("#decide-form .checklist-warning").Text().ShouldContain("Condition obligatoire non remplie : Étiquettes attachées");
    }
}
