using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Staff.Orders;

public sealed class AssistedReturnTests_Sqlite(SqlitePortalFactory factory) : AssistedReturnTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class AssistedReturnTests_Postgres(PostgresPortalFactory factory) : AssistedReturnTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>
/// Assisted returns and goodwill from /staff/orders (ADR 0036, 0037), with real forms. DEMO-1001 (delivered 5 days ago)
/// is used only by the agent's successful start; DEMO-1002 (45 days ago, window closed) by the goodwill cases.
/// </summary>
public abstract class AssistedReturnTests(PortalFactory factory)
{
    private const string Agent = "agent@example.fr";
    private const string Manager = "manager@example.fr";

    private Task<T> ReadAsync<T>(Func<ReturnsDbContext, Task<T>> read) =>
        factory.WithScopeAsync(sp => read(sp.GetRequiredService<ReturnsDbContext>()));

    private Task<int> ReturnCountAsync(string order) => ReadAsync(db => db.Returns.CountAsync(r => r.Order!.Number == order));

    /// <summary>One item of the first line the predicate picks, first reason in the list, refund in store.</summary>
    private static Dictionary<string, string> OneItem(IHtmlDocument page, Func<IElement, bool> pick, string channel = "Phone")
    {
        var rows = page.QuerySelectorAll("#order-lines tr.order-line").ToList();
        var index = rows.FindIndex(r => pick(r));
        index.ShouldBeGreaterThanOrEqualTo(0, "a line to return");
        var reason = page.QuerySelector<IHtmlSelectElement>($"select[name='Form.Lines[{index}].ReasonId']")!.Options.Skip(1).First().Value;
        return new Dictionary<string, string>
        {
            [$"Form.Lines[{index}].Quantity"] = "1",
            [$"Form.Lines[{index}].ReasonId"] = reason,
            [$"Form.Lines[{index}].Comment"] = "Le client a appelé",
            ["Form.Channel"] = channel,
            ["Form.Language"] = "fr",
            ["Form.Resolution"] = "Refund",
            ["Form.Method"] = "InStore",
        };
    }

    [Fact]
    public async Task An_agent_finds_the_order_and_starts_a_return_for_a_customer_on_the_phone()
    {
        var client = await factory.SignedInAsync(Agent);
        var list = await client.GetDocumentAsync("/staff/orders?q=demo-1001");
        list.QuerySelector("#staff-nav-orders").ShouldNotBeNull();
        list.QuerySelectorAll("#orders tr[data-order]").Select(r => r.GetAttribute("data-order")).ShouldBe(["DEMO-1001"]);
        (await client.GetDocumentAsync("/staff/orders?q=client@example.fr")).QuerySelectorAll("#orders tr[data-order]").Length.ShouldBeGreaterThanOrEqualTo(2);

        var page = await client.GetDocumentAsync("/staff/orders/DEMO-1001");
        page.QuerySelector("#goodwill").ShouldBeNull("goodwill is a manager's call");
        page.QuerySelectorAll("#order-lines .non-returnable").Length.ShouldBe(1, "the hygiene item, as the customer sees it");
        using var created = await client.SubmitAsync(page, "#assist-form", OneItem(page, r => r.QuerySelector(".text-success-emphasis") is not null));

        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = created.Headers.Location!.OriginalString;
        location.ShouldStartWith("/staff/returns/");
        var detail = await client.GetDocumentAsync(location);
        detail.QuerySelector("#assisted-by").Text().ShouldBe("Démarré par agent@example.fr pour le client (téléphone)");
        detail.QuerySelector("#goodwill-note").ShouldBeNull();
        var stored = await ReadAsync(db => db.Returns.Where(r => r.Order!.Number == "DEMO-1001")
            .Select(r => new { r.Rma, r.Status, AssistedBy = r.Assistance.By, AssistChannel = r.Assistance.Channel, r.IsGoodwill, Note = r.History.Single(h => h.From == null).Note }).SingleAsync());
        stored.Status.ShouldBe(ReturnStatus.Approved);
        stored.AssistedBy.ShouldBe(Agent);
        stored.AssistChannel.ShouldBe(AssistChannel.Phone);
        stored.IsGoodwill.ShouldBeFalse();
        stored.Note.ShouldBe("assisted (Phone) by agent@example.fr");
        // The usual "return created" announcement, which the customer e-mail is sent from.
        (await ReadAsync(db => db.Outbox.CountAsync(m => m.Type == Domain.Notifications.MessageTypes.ReturnCreated && m.Payload.Contains(stored.Rma)))).ShouldBe(1);
        // The order page now lists that return.
        (await client.GetDocumentAsync("/staff/orders/DEMO-1001")).QuerySelector($"#order-returns [data-rma='{stored.Rma}']").ShouldNotBeNull();
    }

    [Fact]
    public async Task An_inspector_cannot_reach_the_orders()
    {
        var client = await factory.SignedInAsync("inspector@example.fr");

        using var list = await client.GetAsync(new Uri("/staff/orders", UriKind.Relative));
        list.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        list.Headers.Location!.AbsolutePath.ShouldBe("/account/access-denied");
        (await client.GetDocumentAsync("/staff")).QuerySelector("#staff-nav-orders").ShouldBeNull();
    }

    [Fact]
    public async Task Without_goodwill_an_agent_meets_the_customers_eligibility()
    {
        var client = await factory.SignedInAsync(Agent);
        var before = await ReturnCountAsync("DEMO-1002");
        var page = await client.GetDocumentAsync("/staff/orders/DEMO-1002");

        var values = OneItem(page, r => r.QuerySelector(".defect-cover") is not null);
        var defect = await ReadAsync(db => db.Reasons.Where(r => r.IsActive && !r.IsDefect).Select(r => r.Id).FirstAsync());
        values[values.Keys.Single(k => k.EndsWith(".ReasonId", StringComparison.Ordinal))] = defect.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var refused = await client.SubmitAsync(page, "#assist-form", values);

        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.ReadDocumentAsync()).QuerySelector("#order-lines").Text().ShouldContain("Seul un défaut");
        (await ReturnCountAsync("DEMO-1002")).ShouldBe(before);
    }

    [Fact]
    public async Task A_manager_grants_goodwill_for_an_item_outside_the_window_with_a_reason()
    {
        var client = await factory.SignedInAsync(Manager);
        var page = await client.GetDocumentAsync("/staff/orders/DEMO-1002");
        page.QuerySelector("#goodwill").ShouldNotBeNull();
        page.QuerySelectorAll(".goodwill-possible").Length.ShouldBeGreaterThan(0);

        var values = OneItem(page, r => r.QuerySelector(".goodwill-possible") is not null, channel: "Email");
        values["Form.Goodwill"] = "true";
        values["Form.GoodwillReason"] = "Cliente fidèle depuis 2019";
        using var created = await client.SubmitAsync(page, "#assist-form", values);

        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var detail = await client.GetDocumentAsync(created.Headers.Location!.OriginalString);
        detail.QuerySelector("#goodwill-note").Text().ShouldBe("Geste commercial accordé par manager@example.fr : Cliente fidèle depuis 2019");
        detail.QuerySelector("#history").Text().ShouldContain("goodwill granted by manager@example.fr");
        var stored = await ReadAsync(db => db.Returns.Where(r => r.Order!.Number == "DEMO-1002" && r.IsGoodwill)
            .Select(r => new { r.GoodwillReason, r.GoodwillGrantedBy, Overrides = r.Lines.Select(l => l.GoodwillOverride).ToList() }).SingleAsync());
        stored.GoodwillReason.ShouldBe("Cliente fidèle depuis 2019");
        stored.GoodwillGrantedBy.ShouldBe(Manager);
        stored.Overrides.ShouldBe([IneligibleReason.WindowClosed]);
        // Counted apart on the analytics page (the demo shop has no other goodwill return).
        var analytics = await client.GetDocumentAsync("/manage/analytics");
        analytics.QuerySelector("#goodwill-kpi").Text().ShouldContain("Retours en geste commercial sur la période : 1, valeur ");
    }

    [Fact]
    public async Task Goodwill_without_a_reason_is_refused_with_a_message_and_saves_nothing()
    {
        var client = await factory.SignedInAsync(Manager);
        var before = await ReturnCountAsync("DEMO-1002");
        var page = await client.GetDocumentAsync("/staff/orders/DEMO-1002");

        var values = OneItem(page, r => r.QuerySelector(".goodwill-possible") is not null);
        values["Form.Goodwill"] = "true";
        values["Form.GoodwillReason"] = "   ";
        using var refused = await client.SubmitAsync(page, "#assist-form", values);

        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var after = await refused.ReadDocumentAsync();
        after.QuerySelector("#goodwill").Text().ShouldContain("Écrivez le motif du geste commercial.");
        after.QuerySelector("#error-summary").Text().ShouldContain("Écrivez le motif du geste commercial.");
        (await ReturnCountAsync("DEMO-1002")).ShouldBe(before);
    }

    [Fact]
    public async Task An_agent_cannot_grant_goodwill_even_by_posting_the_field()
    {
        var client = await factory.SignedInAsync(Agent);
        var before = await ReturnCountAsync("DEMO-1002");
        var page = await client.GetDocumentAsync("/staff/orders/DEMO-1002");

        var values = OneItem(page, r => r.QuerySelector(".defect-cover") is not null);
        values["Form.Goodwill"] = "true";
        values["Form.GoodwillReason"] = "Je le décide";
        using var refused = await client.SubmitAsync(page, "#assist-form", values);

        refused.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        refused.Headers.Location!.AbsolutePath.ShouldBe("/account/access-denied");
        (await ReturnCountAsync("DEMO-1002")).ShouldBe(before);
    }
}
