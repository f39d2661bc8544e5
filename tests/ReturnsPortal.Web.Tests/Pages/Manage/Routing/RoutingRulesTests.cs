using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Logistics;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Seeding;
using ReturnsPortal.Web.Labels;
using ReturnsPortal.Web.Notifications;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Manage.Routing;

public sealed class RoutingRulesTests_Sqlite(SqlitePortalFactory factory) : RoutingRulesTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class RoutingRulesTests_Postgres(PostgresPortalFactory factory) : RoutingRulesTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>Routing rules (ADR 0083): managed on /manage/routing, every bad input refused, the routed address shown to the customer.</summary>
public abstract class RoutingRulesTests(PortalFactory factory)
{
    private Task<(int Lyon, int Orleans, int Electronics)> IdsAsync() => factory.WithScopeAsync(async s =>
    {
        var db = s.GetRequiredService<ReturnsDbContext>();
        var warehouses = await db.Warehouses.OrderBy(w => w.Id).Select(w => w.Id).ToListAsync();
        var electronics = await db.Categories.Where(c => c.Code == "electronics").Select(c => c.Id).SingleAsync();
        return (warehouses[0], warehouses[1], electronics);
    });

    private Task<int> RuleIdAsync(RoutingCondition condition, string value) => factory.WithScopeAsync(s =>
        s.GetRequiredService<ReturnsDbContext>().RoutingRules.Where(r => r.Condition == condition && r.Value == value && r.IsActive)
            .Select(r => r.Id).SingleAsync());

    private static string[] ConditionsInOrder(AngleSharp.Html.Dom.IHtmlDocument page) =>
        [.. page.QuerySelectorAll("#rules tbody tr .rule-condition").Select(c => c.Text())];

    [Fact]
    public async Task A_manager_adds_edits_orders_and_retires_rules_and_the_list_shows_the_order_they_are_tried_in()
    {
        var (lyon, orleans, _) = await IdsAsync();
        var manager = await factory.SignedInAsync("manager@example.fr");
        var list = await manager.GetDocumentAsync("/manage/routing");
        list.QuerySelector("#staff-nav-routing").ShouldNotBeNull();
        ConditionsInOrder(list).ShouldBe(["Catégorie : Électronique", "Tout le reste (entrepôt par défaut)"]);
        list.QuerySelector("#rule-default").Text().ShouldContain("Entrepôt Lyon (Saint-Priest)");

        var form = await manager.GetDocumentAsync("/manage/routing/edit");
        using var belgium = await manager.SubmitAsync(form, "#edit-rule", new Dictionary<string, string>
        {
            ["Form.Condition"] = "Country",
            ["Form.Value"] = " be ",
            ["Form.WarehouseId"] = $"{orleans}",
        });
        belgium.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        list = await manager.GetDocumentAsync(belgium.Headers.Location!.OriginalString);
        list.QuerySelector("#routing-done").Text().ShouldBe("La règle est ajoutée : les nouveaux retours la suivent.");
        using var nord = await manager.SubmitAsync(form, "#edit-rule", new Dictionary<string, string>
        {
            ["Form.Condition"] = "Postcode",
            ["Form.Value"] = "59",
            ["Form.WarehouseId"] = $"{lyon}",
        });
        nord.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        list = await manager.GetDocumentAsync("/manage/routing");
        ConditionsInOrder(list).ShouldBe(["Catégorie : Électronique", "Pays : BE", "Code postal français commençant par 59", "Tout le reste (entrepôt par défaut)"]);

        var nordId = await RuleIdAsync(RoutingCondition.Postcode, "59");
        using var moved = await manager.SubmitAsync(list, $"#rule-{nordId} .rule-up", new Dictionary<string, string>());
        moved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        list = await manager.GetDocumentAsync("/manage/routing");
        ConditionsInOrder(list).ShouldBe(["Catégorie : Électronique", "Code postal français commençant par 59", "Pays : BE", "Tout le reste (entrepôt par défaut)"]);

        var belgiumId = await RuleIdAsync(RoutingCondition.Country, "BE");
        var edit = await manager.GetDocumentAsync($"/manage/routing/edit/{belgiumId}");
        using var saved = await manager.SubmitAsync(edit, "#edit-rule", new Dictionary<string, string>
        {
            ["Form.Value"] = "LU",
            ["Form.WarehouseId"] = $"{orleans}",
        });
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        // The same stale form again: the colleague's change is never overwritten.
        using var stale = await manager.SubmitAsync(edit, "#edit-rule", new Dictionary<string, string>
        {
            ["Form.Value"] = "CH",
            ["Form.WarehouseId"] = $"{lyon}",
        });
        stale.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await stale.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("Un collègue a modifié cette règle");
        // A stale list (the move changed the versions) cannot retire either.
        using var staleRetire = await manager.SubmitAsync(list, $"#rule-{belgiumId} .rule-retire", new Dictionary<string, string>());
        staleRetire.StatusCode.ShouldBe(HttpStatusCode.OK);

        list = await manager.GetDocumentAsync("/manage/routing");
        list.QuerySelector($"#rule-{belgiumId} .rule-condition").Text().ShouldBe("Pays : LU");
        list.QuerySelector($"#rule-{belgiumId} .rule-warehouse").Text().ShouldBe("Atelier Orléans (Saran)");
        using var retired = await manager.SubmitAsync(list, $"#rule-{belgiumId} .rule-retire", new Dictionary<string, string>());
        retired.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        list = await manager.GetDocumentAsync("/manage/routing");
        list.QuerySelector($"#rule-{belgiumId} .rule-status").Text().ShouldBe("Retirée");
        ConditionsInOrder(list)[^1].ShouldBe("Pays : LU", "retired rules come last");
        using var retiredNord = await manager.SubmitAsync(list, $"#rule-{nordId} .rule-retire", new Dictionary<string, string>());
        retiredNord.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Every_bad_input_gets_its_message_in_french_and_in_english_and_adds_nothing()
    {
        var (_, orleans, electronics) = await IdsAsync();
        var manager = await factory.SignedInAsync("manager@example.fr");
        var form = await manager.GetDocumentAsync("/manage/routing/edit");
        var before = await factory.WithScopeAsync(s => s.GetRequiredService<ReturnsDbContext>().RoutingRules.CountAsync());

        async Task<string> ErrorAsync(Dictionary<string, string> values, string field)
        {
            using var response = await manager.SubmitAsync(form, "#edit-rule", values);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            return (await response.ReadDocumentAsync()).QuerySelector($"[data-valmsg-for='Form.{field}']").Text();
        }

        (await ErrorAsync(new() { ["Form.WarehouseId"] = $"{orleans}" }, "Condition"))
            .ShouldBe("Choisissez ce que la règle regarde et indiquez sa catégorie, son début de code postal ou son pays.");
        (await ErrorAsync(new() { ["Form.Condition"] = "Category", ["Form.WarehouseId"] = $"{orleans}" }, "CategoryId"))
            .ShouldBe("Choisissez ce que la règle regarde et indiquez sa catégorie, son début de code postal ou son pays.");
        (await ErrorAsync(new() { ["Form.Condition"] = "Postcode", ["Form.Value"] = "", ["Form.WarehouseId"] = $"{orleans}" }, "Value"))
            .ShouldBe("Choisissez ce que la règle regarde et indiquez sa catégorie, son début de code postal ou son pays.");
        (await ErrorAsync(new() { ["Form.Condition"] = "Postcode", ["Form.Value"] = "69A", ["Form.WarehouseId"] = $"{orleans}" }, "Value"))
            .ShouldBe("Saisissez le début d'un code postal français : 1 à 5 chiffres.");
        (await ErrorAsync(new() { ["Form.Condition"] = "Country", ["Form.Value"] = "FRA", ["Form.WarehouseId"] = $"{orleans}" }, "Value"))
            .ShouldBe("Saisissez un code pays à deux lettres, par exemple BE.");
        (await ErrorAsync(new() { ["Form.Condition"] = "Category", ["Form.CategoryId"] = "999999", ["Form.WarehouseId"] = $"{orleans}" }, "CategoryId"))
            .ShouldBe("Cette catégorie n'existe pas (ou plus).");
        (await ErrorAsync(new() { ["Form.Condition"] = "Country", ["Form.Value"] = "BE", ["Form.WarehouseId"] = "999999" }, "WarehouseId"))
            .ShouldBe("Choisissez l'un des entrepôts.");
        (await ErrorAsync(new() { ["Form.Condition"] = "Country", ["Form.Value"] = "BE" }, "WarehouseId"))
            .ShouldBe("Choisissez l'un des entrepôts.");
        (await ErrorAsync(new() { ["Form.Condition"] = "Category", ["Form.CategoryId"] = $"{electronics}", ["Form.WarehouseId"] = $"{orleans}" }, "CategoryId"))
            .ShouldBe("Une règle active a déjà cette condition : modifiez plutôt celle-ci.");

        using var _ = await manager.SubmitAsync(form, "#culture-form", new Dictionary<string, string>(), "culture", "en-GB");
        form = await manager.GetDocumentAsync("/manage/routing/edit");
        form.QuerySelector("h1").Text().ShouldBe("Add a routing rule");
        (await ErrorAsync(new() { ["Form.Condition"] = "Category", ["Form.CategoryId"] = $"{electronics}", ["Form.WarehouseId"] = $"{orleans}" }, "CategoryId"))
            .ShouldBe("An active rule already has this condition: edit that rule instead.");
        (await ErrorAsync(new() { ["Form.Condition"] = "Postcode", ["Form.Value"] = "123456", ["Form.WarehouseId"] = $"{orleans}" }, "Value"))
            .ShouldBe("Enter the start of a French postcode: 1 to 5 digits.");
        (await ErrorAsync(new() { ["Form.Condition"] = "Country", ["Form.Value"] = "B", ["Form.WarehouseId"] = $"{orleans}" }, "Value"))
            .ShouldBe("Enter a two-letter country code, such as BE.");
        (await ErrorAsync(new() { ["Form.Value"] = "BE", ["Form.WarehouseId"] = $"{orleans}" }, "Condition"))
            .ShouldBe("Choose what the rule looks at and fill in its category, postcode prefix or country.");
        (await ErrorAsync(new() { ["Form.Condition"] = "Category", ["Form.CategoryId"] = "999999", ["Form.WarehouseId"] = "999999" }, "WarehouseId"))
            .ShouldBe("Choose one of the warehouses.");
        (await manager.GetDocumentAsync("/manage/routing")).QuerySelector("#rule-default td").Text().ShouldBe("Anything else (default warehouse)");

        (await factory.WithScopeAsync(s => s.GetRequiredService<ReturnsDbContext>().RoutingRules.CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task A_return_routed_to_the_second_warehouse_shows_its_address_on_the_tracking_page_the_label_and_the_email()
    {
        var (_, orleans, _) = await IdsAsync();
        var seeded = await factory.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<ReturnsDbContext>();
            var r = await db.Returns.Where(x => x.Status == ReturnStatus.Approved && x.Method == ReturnMethod.DropOff)
                .OrderByDescending(x => x.Id).Select(x => new { x.Id, x.Rma, x.Order!.Email }).FirstAsync();
            await db.Returns.Where(x => x.Id == r.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.WarehouseId, orleans));
            return r;
        });

        var customer = factory.CreateBrowserLikeClient();
        var track = await customer.GetDocumentAsync("/returns/track");
        using var opened = await customer.SubmitAsync(track, "main form", new Dictionary<string, string> { ["Form.Rma"] = seeded.Rma, ["Form.Email"] = seeded.Email });
        var detail = await customer.GetDocumentAsync(opened.Headers.Location!.OriginalString);
        var shipTo = detail.QuerySelector("#ship-to").Text();
        shipTo.ShouldContain("Atelier Orléans");
        shipTo.ShouldContain("45770 Saran");

        var (label, email) = await factory.WithScopeAsync(async s =>
        {
            var data = await s.GetRequiredService<ReturnLabelPdf>().LoadAsync(seeded.Rma, default);
            var mail = await s.GetRequiredService<CustomerEmails>().ComposeAsync(new OutboxMessage
            {
                Type = Domain.Notifications.MessageTypes.ReturnCreated,
                Payload = $$"""{"rma":"{{seeded.Rma}}"}""",
                DedupeKey = "test:" + seeded.Rma,
                OccurredAt = DateTime.UtcNow,
            }, default);
            return (data, mail);
        });
        label.ShouldNotBeNull().WarehouseName.ShouldBe("Atelier Orléans");
        label.WarehouseAddress.City.ShouldBe("Saran");
        email.ShouldNotBeNull().Text.ShouldContain("Atelier Orléans, 9 rue des Frères Lumière, 45770 Saran");
        DemoShopSeeder.RepairWarehouseCode.ShouldBe("ORL1");
    }
}
