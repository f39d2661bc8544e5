using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Manage.Policy;

public sealed class PolicyMethodsTests_Sqlite(SqlitePortalFactory factory) : PolicyMethodsTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class PolicyMethodsTests_Postgres(PostgresPortalFactory factory) : PolicyMethodsTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>Return methods switched on or off in the policy editor: at least one stays on; a method off is neither described nor offered.</summary>
public abstract class PolicyMethodsTests(PortalFactory factory)
{
    private Task<int> CurrentVersionAsync() => factory.WithScopeAsync(services =>
        services.GetRequiredService<ReturnsDbContext>().Policies.Where(p => p.IsDefault).Select(p => p.VersionNumber).SingleAsync());

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, IHtmlDocument page, string handler, Dictionary<string, string> values)
    {
        page.QuerySelector("#policy-form")!.SetAttribute("action", $"/manage/policy?handler={handler}");
        return await client.SubmitAsync(page, "#policy-form", values);
    }

    [Fact]
    public async Task Switching_every_method_off_is_refused_with_its_message_in_french_and_english()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");
        var editor = await manager.GetDocumentAsync("/manage/policy");
        var before = await CurrentVersionAsync();
        var allOff = new Dictionary<string, string> { ["Form.OfferDropOff"] = "false", ["Form.OfferPickup"] = "false", ["Form.OfferInStore"] = "false" };

        using var refused = await PostAsync(manager, editor, "Publish", allOff);
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.ReadDocumentAsync()).QuerySelector("[data-valmsg-for='Form.OfferDropOff']").Text()
            .ShouldBe("Gardez au moins un mode de retour : le client doit pouvoir renvoyer ses articles (rétractation et garantie légale).");

        using var _ = await manager.SubmitAsync(editor, "#culture-form", new Dictionary<string, string>(), "culture", "en-GB");
        editor = await manager.GetDocumentAsync("/manage/policy");
        using var refusedEnglish = await PostAsync(manager, editor, "Publish", allOff);
        (await refusedEnglish.ReadDocumentAsync()).QuerySelector("[data-valmsg-for='Form.OfferDropOff']").Text()
            .ShouldBe("Keep at least one return method: customers need a way to send their items back (withdrawal and legal guarantee).");
        (await CurrentVersionAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_method_switched_off_is_previewed_published_and_then_neither_described_nor_offered_to_customers()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");
        var editor = await manager.GetDocumentAsync("/manage/policy");
        editor.QuerySelector<IHtmlInputElement>("#Form_OfferPickup")!.IsChecked.ShouldBeTrue();
        var before = await CurrentVersionAsync();

        using var previewed = await PostAsync(manager, editor, "Preview", new() { ["Form.OfferPickup"] = "false" });
        var preview = await previewed.ReadDocumentAsync();
        preview.QuerySelectorAll("#preview-changes li").Select(li => li.Text()).ShouldContain(c => c.Contains("Enlèvement à domicile proposé", StringComparison.Ordinal));
        preview.QuerySelector("#preview-text #policy-fee-Pickup").ShouldBeNull();
        using var published = await PostAsync(manager, preview, "Publish", []);
        published.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await CurrentVersionAsync()).ShouldBe(before + 1);
        (await manager.GetDocumentAsync("/manage/policy")).QuerySelector<IHtmlInputElement>("#Form_OfferPickup")!.IsChecked.ShouldBeFalse();

        var customer = factory.CreateBrowserLikeClient();
        var policy = await customer.GetDocumentAsync("/returns/policy");
        policy.QuerySelector("#policy-fee-Pickup").ShouldBeNull();
        policy.QuerySelector("#policy-fee-DropOff").ShouldNotBeNull();

        var find = await customer.GetDocumentAsync("/returns");
        using var opened = await customer.SubmitAsync(find, "main form", new Dictionary<string, string> { ["Form.OrderNumber"] = "DEMO-1001", ["Form.Email"] = "client@example.fr" });
        opened.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var items = await customer.SubmitFormAsync(await customer.GetDocumentAsync("/returns/start"), "#items-form", new Dictionary<string, string> { ["Lines[0].Quantity"] = "1" });
        items.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var reasonId = await factory.WithScopeAsync(s => s.GetRequiredService<ReturnsDbContext>().Reasons.Where(r => r.Code == "too_small").Select(r => r.Id).SingleAsync());
        using var reason = await customer.SubmitMultipartAsync(await customer.GetDocumentAsync("/returns/start/reason"), "#reason-form",
            new Dictionary<string, string> { ["Lines[0].ReasonId"] = $"{reasonId}" }, []);
        reason.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var solution = await customer.SubmitFormAsync(await customer.GetDocumentAsync("/returns/start/solution"), "#solution-form",
            new Dictionary<string, string> { ["Resolution"] = "Refund" });
        solution.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var shipping = await customer.GetDocumentAsync("/returns/start/shipping");
        shipping.QuerySelector("#method-pickup").ShouldBeNull();
        shipping.QuerySelector("#method-instore").ShouldNotBeNull();
        // A forged or stale form asking for pickup anyway is refused with its message.
        using var forged = await customer.SubmitFormAsync(shipping, "#shipping-form", new Dictionary<string, string> { ["Form.Method"] = "Pickup" });
        forged.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await forged.ReadDocumentAsync()).QuerySelector("[data-valmsg-for='Form.Method']").Text()
            .ShouldBe("Ce mode de retour n'est pas proposé : choisissez-en un autre.");
    }
}
