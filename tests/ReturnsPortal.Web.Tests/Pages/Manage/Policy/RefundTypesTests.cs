using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Manage.Policy;

public sealed class RefundTypesTests_Sqlite(SqlitePortalFactory factory) : RefundTypesTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class RefundTypesTests_Postgres(PostgresPortalFactory factory) : RefundTypesTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>Resolutions allowed per reason (ADR 0085): edited in the policy editor, stated on the public page, enforced in the customer flow.</summary>
public abstract class RefundTypesTests(PortalFactory factory)
{
    private Task<int> CurrentVersionAsync() => factory.WithScopeAsync(services =>
        services.GetRequiredService<ReturnsDbContext>().Policies.Where(p => p.IsDefault).Select(p => p.VersionNumber).SingleAsync());

    private Task<int> ReasonIdAsync(string code) => factory.WithScopeAsync(services =>
        services.GetRequiredService<ReturnsDbContext>().Reasons.Where(r => r.Code == code).Select(r => r.Id).SingleAsync());

    /// <summary>"Form.Reasons[3]": the editor's row for a reason.</summary>
    private static string RowOf(IHtmlDocument editor, int reasonId) =>
        editor.QuerySelectorAll("#reason-resolutions input[type=hidden]").Single(i => i.GetAttribute("value") == $"{reasonId}")
            .GetAttribute("name")!.Replace(".ReasonId", "", StringComparison.Ordinal);

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, IHtmlDocument page, string handler, Dictionary<string, string> values)
    {
        page.QuerySelector("#policy-form")!.SetAttribute("action", $"/manage/policy?handler={handler}");
        return await client.SubmitAsync(page, "#policy-form", values);
    }

    [Fact]
    public async Task A_defect_reason_without_refund_is_refused_with_its_message_in_french_and_english()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");
        var editor = await manager.GetDocumentAsync("/manage/policy");
        var row = RowOf(editor, await ReasonIdAsync("defective"));
        var before = await CurrentVersionAsync();

        using var refused = await PostAsync(manager, editor, "Publish", new() { [$"{row}.Refund"] = "false" });
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.ReadDocumentAsync()).QuerySelector($"[data-valmsg-for='{row}.Refund']").Text()
            .ShouldBe("Un défaut ou une erreur de notre part doit toujours permettre le remboursement : la loi donne ce recours au client.");

        using var _ = await manager.SubmitAsync(editor, "#culture-form", new Dictionary<string, string>(), "culture", "en-GB");
        editor = await manager.GetDocumentAsync("/manage/policy");
        using var refusedEnglish = await PostAsync(manager, editor, "Publish", new() { [$"{row}.Refund"] = "false" });
        (await refusedEnglish.ReadDocumentAsync()).QuerySelector($"[data-valmsg-for='{row}.Refund']").Text()
            .ShouldBe("A defect or a mistake on our side must always allow a refund: the law gives the customer that remedy.");
        (await CurrentVersionAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_reason_without_refund_is_published_stated_on_the_public_page_and_hidden_and_refused_in_the_customer_flow()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");
        var editor = await manager.GetDocumentAsync("/manage/policy");
        var changedMind = await ReasonIdAsync("changed_mind");
        var row = RowOf(editor, changedMind);
        editor.QuerySelector<IHtmlInputElement>($"[name='{row}.Refund'][type=checkbox]")!.IsChecked.ShouldBeTrue();
        var before = await CurrentVersionAsync();

        using var published = await PostAsync(manager, editor, "Publish", new() { [$"{row}.Refund"] = "false" });
        published.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await CurrentVersionAsync()).ShouldBe(before + 1);
        var after = await manager.GetDocumentAsync("/manage/policy");
        after.QuerySelector<IHtmlInputElement>($"[name='{RowOf(after, changedMind)}.Refund'][type=checkbox]")!.IsChecked.ShouldBeFalse();
        after.QuerySelector<IHtmlInputElement>($"[name='{RowOf(after, changedMind)}.StoreCredit'][type=checkbox]")!.IsChecked.ShouldBeTrue();

        var customer = factory.CreateBrowserLikeClient();
        (await customer.GetDocumentAsync("/returns/policy")).QuerySelectorAll("#policy-reason-rules li").Select(li => li.Text().Trim())
            .ShouldBe(["Pour « Ne me plaît plus » : avoir ou échange"]);

        var find = await customer.GetDocumentAsync("/returns");
        using var opened = await customer.SubmitAsync(find, "main form", new Dictionary<string, string> { ["Form.OrderNumber"] = "DEMO-1001", ["Form.Email"] = "client@example.fr" });
        opened.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var items = await customer.SubmitFormAsync(await customer.GetDocumentAsync("/returns/start"), "#items-form", new Dictionary<string, string> { ["Lines[0].Quantity"] = "1" });
        items.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var reason = await customer.SubmitMultipartAsync(await customer.GetDocumentAsync("/returns/start/reason"), "#reason-form",
            new Dictionary<string, string> { ["Lines[0].ReasonId"] = $"{changedMind}" }, []);
        reason.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var solution = await customer.GetDocumentAsync("/returns/start/solution");
        solution.QuerySelector("#resolution-refund").ShouldBeNull();
        solution.QuerySelector("#resolution-credit").ShouldNotBeNull();
        // A forged or stale form asking for a refund anyway is refused with its message.
        using var forged = await customer.SubmitFormAsync(solution, "#solution-form", new Dictionary<string, string> { ["Resolution"] = "Refund" });
        forged.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await forged.ReadDocumentAsync()).QuerySelector("[data-valmsg-for='Resolution']").Text().ShouldBe("Cette solution n'est pas proposée.");
        using var credit = await customer.SubmitFormAsync(solution, "#solution-form", new Dictionary<string, string> { ["Resolution"] = "StoreCredit" });
        credit.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        // Flagged the merchant's fault after publication (the Reasons page), the reason keeps the refund at once, and
        // the public page says so rather than the row's older "no refund" (ADR 0085, amended).
        Task<int> FlagAsync(bool fault) => factory.WithScopeAsync(services => services.GetRequiredService<ReturnsDbContext>().Reasons
            .Where(r => r.Id == changedMind).ExecuteUpdateAsync(u => u.SetProperty(r => r.IsMerchantFault, fault)));
        await FlagAsync(true);
        try
        {
            (await customer.GetDocumentAsync("/returns/policy")).QuerySelectorAll("#policy-reason-rules li").Select(li => li.Text().Trim())
                .ShouldBe(["Pour « Ne me plaît plus » : remboursement, avoir ou échange"]);
        }
        finally
        {
            await FlagAsync(false);
        }
    }
}
