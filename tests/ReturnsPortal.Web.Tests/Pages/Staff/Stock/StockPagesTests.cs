using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Seeding;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Staff.Stock;

public sealed class StockPagesTests_Sqlite(SqlitePortalFactory factory) : StockPagesTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class StockPagesTests_Postgres(PostgresPortalFactory factory) : StockPagesTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>
/// The stock pages over HTTP with the real forms: levels and filters, a SKU's movements, the manager-only adjustment,
/// the transfer out of Refurbish. Tests share the seeded database: each works on its own seeded SKU.
/// </summary>
public abstract class StockPagesTests(PortalFactory factory)
{
    private const string Inspector = "inspector@example.fr";
    private const string Manager = "manager@example.fr";

    /// <summary>A seeded electronics SKU (not the T-shirt the exchange tests use), a different one per test.</summary>
    private Task<string> SkuAsync(int skip) =>
        factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().Variants
            .Where(v => v.Sku.StartsWith("ELE-")).OrderBy(v => v.Id).Skip(skip).Select(v => v.Sku).FirstAsync());

    private Task<List<(StockBucket Bucket, int Quantity, int Reserved)>> LevelsAsync(string sku) =>
        factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            var variantId = await db.Variants.Where(v => v.Sku == sku).Select(v => v.Id).SingleAsync();
            var levels = await db.StockLevels.AsNoTracking().Where(l => l.VariantId == variantId).ToListAsync();
            foreach (var level in levels)
            {
                var movements = db.StockMovements.Where(m => m.VariantId == variantId && m.Bucket == level.Bucket && m.WarehouseId == level.WarehouseId);
                (level.Quantity, level.Reserved).ShouldBe((await movements.SumAsync(m => m.Quantity), await movements.SumAsync(m => m.Reserved)),
                    "every level is the sum of its movements");
            }
            return levels.OrderBy(l => l.Bucket).Select(l => (l.Bucket, l.Quantity, l.Reserved)).ToList();
        });

    /// <summary>The form's values with the selected warehouse (HtmlForms posts inputs only, a browser also sends selects).</summary>
    private static Dictionary<string, string> With(IHtmlDocument page, string form, Dictionary<string, string> values)
    {
        foreach (var select in page.QuerySelectorAll<IHtmlSelectElement>($"{form} select").Where(s => !values.ContainsKey(s.Name!)))
        {
            values[select.Name!] = select.Value ?? "";
        }
        return values;
    }

    private static int Quantity(List<(StockBucket Bucket, int Quantity, int Reserved)> levels, StockBucket bucket) =>
        levels.Where(l => l.Bucket == bucket).Sum(l => l.Quantity);

    [Fact]
    public async Task The_levels_page_is_in_the_staff_nav_and_filters_by_search_bucket_and_low_stock()
    {
        var client = await factory.SignedInAsync(Inspector);
        var home = await client.GetDocumentAsync("/staff");
        home.QuerySelector("#staff-nav a[href='/staff/stock']").Text().ShouldBe("Stock");

        var search = await client.GetDocumentAsync("/staff/stock?q=vet-tsh-001");
        var skus = search.QuerySelectorAll("#stock-levels tbody tr").Select(r => r.GetAttribute("data-sku")!).ToList();
        skus.ShouldNotBeEmpty();
        skus.ShouldAllBe(s => s.StartsWith("VET-TSH-001-", StringComparison.Ordinal), "the search is case-insensitive on the SKU");
        skus.ShouldContain(DemoShopSeeder.SoldOutDemoSku);

        var low = await client.GetDocumentAsync("/staff/stock?q=VET-TSH-001&low=true");
        low.QuerySelectorAll("#stock-levels tbody tr").Select(r => r.GetAttribute("data-sku")).ShouldBe([DemoShopSeeder.SoldOutDemoSku],
            "the other sizes have 8 units");
        low.QuerySelector<IHtmlInputElement>("#low")!.IsChecked.ShouldBeTrue("the filters stay in the form");

        var quarantine = await client.GetDocumentAsync("/staff/stock?bucket=Quarantine&q=%25");
        quarantine.QuerySelectorAll("#stock-levels tbody tr").Where(r => r.GetAttribute("data-bucket") != "Quarantine").ShouldBeEmpty();
        quarantine.QuerySelector("#no-stock").ShouldNotBeNull("'%' is searched literally: no SKU holds it");

        var english = await client.GetDocumentAsync("/staff/stock?culture=en-GB&q=VET-TSH-001&low=true");
        english.QuerySelector("h1").Text().ShouldBe("Stock");
        english.QuerySelector("#stock-levels thead").Text().ShouldContain("Available");
        english.QuerySelector("#stock-levels tbody td:nth-child(4)").Text().ShouldBe("Sellable");
    }

    [Fact]
    public async Task A_manager_adjusts_with_a_reason_once_even_when_the_form_is_sent_twice_and_an_inspector_is_refused()
    {
        var sku = await SkuAsync(1);
        var before = Quantity(await LevelsAsync(sku), StockBucket.Sellable);
        var manager = await factory.SignedInAsync(Manager);

        var skuPage = await manager.GetDocumentAsync($"/staff/stock/{sku}");
        skuPage.QuerySelector("#adjust-link").ShouldNotBeNull();
        skuPage.QuerySelectorAll("#movements tbody tr").Select(r => r.GetAttribute("data-cause")).ShouldContain("Import");
        var form = await manager.GetDocumentAsync($"/staff/stock/{sku}/adjust");

        using (var noReason = await manager.SubmitAsync(form, "#adjust-form", With(form, "#adjust-form", new Dictionary<string, string>
        {
            ["Form.Bucket"] = "Sellable",
            ["Form.Quantity"] = "abc",
            ["Form.Reason"] = "  ",
        })))
        {
            noReason.StatusCode.ShouldBe(HttpStatusCode.OK);
            var page = await noReason.ReadDocumentAsync();
            page.QuerySelector("#error-summary").Text().ShouldContain("Indiquez pourquoi le stock est ajusté.");
            page.QuerySelector("#error-summary").Text().ShouldContain("Saisissez un nombre entier différent de zéro");
        }
        using (var tooMany = await manager.SubmitAsync(form, "#adjust-form", With(form, "#adjust-form", new Dictionary<string, string>
        {
            ["Form.Bucket"] = "Sellable",
            ["Form.Quantity"] = $"-{before + 1}",
            ["Form.Reason"] = "Comptage",
        })))
        {
            (await tooMany.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("Le stock vendable ne peut pas devenir négatif");
        }
        Quantity(await LevelsAsync(sku), StockBucket.Sellable).ShouldBe(before, "refused adjustments change nothing");

        var values = With(form, "#adjust-form", new Dictionary<string, string> { ["Form.Bucket"] = "Sellable", ["Form.Quantity"] = "+3", ["Form.Reason"] = "Inventaire du 26/11" });
        using (var adjusted = await manager.SubmitAsync(form, "#adjust-form", values))
        {
            adjusted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            adjusted.Headers.Location!.OriginalString.ShouldBe($"/staff/stock/{sku}?done=true");
        }
        using (var twice = await manager.SubmitAsync(form, "#adjust-form", values))
        {
            twice.StatusCode.ShouldBe(HttpStatusCode.Redirect, "the second submission of the same form is a success that changes nothing");
        }
        Quantity(await LevelsAsync(sku), StockBucket.Sellable).ShouldBe(before + 3);
        var after = await manager.GetDocumentAsync($"/staff/stock/{sku}?done=true");
        after.QuerySelector("#stock-done").ShouldNotBeNull();
        var row = after.QuerySelector("#movements tbody tr[data-cause='ManualAdjustment']");
        row.Text().ShouldContain("Inventaire du 26/11");
        row.Text().ShouldContain(Manager);

        var inspector = await factory.SignedInAsync(Inspector);
        (await inspector.GetDocumentAsync($"/staff/stock/{sku}")).QuerySelector("#adjust-link").ShouldBeNull();
        using var get = await inspector.GetAsync(new Uri($"/staff/stock/{sku}/adjust", UriKind.Relative));
        get.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        get.Headers.Location!.AbsolutePath.ShouldBe("/account/access-denied");
        using var denied = await inspector.GetAsync(get.Headers.Location);
        denied.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var post = await inspector.SubmitAsync(form, "#adjust-form", values);
        post.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        post.Headers.Location!.AbsolutePath.ShouldBe("/account/access-denied");
        Quantity(await LevelsAsync(sku), StockBucket.Sellable).ShouldBe(before + 3);
    }

    [Fact]
    public async Task An_inspector_transfers_repaired_units_out_of_refurbish_but_not_more_than_there_are()
    {
        var sku = await SkuAsync(2);
        var manager = await factory.SignedInAsync(Manager);
        var adjust = await manager.GetDocumentAsync($"/staff/stock/{sku}/adjust");
        using (await manager.SubmitAsync(adjust, "#adjust-form", With(adjust, "#adjust-form", new Dictionary<string, string>
        {
            ["Form.Bucket"] = "Refurbish",
            ["Form.Quantity"] = "2",
            ["Form.Reason"] = "Retours à réparer",
        })))
        {
        }
        var sellable = Quantity(await LevelsAsync(sku), StockBucket.Sellable);
        var inspector = await factory.SignedInAsync(Inspector);
        var page = await inspector.GetDocumentAsync($"/staff/stock/{sku}");
        page.QuerySelector("#transfer-form").ShouldNotBeNull();

        using (var tooMany = await inspector.SubmitAsync(page, "#transfer-form", With(page, "#transfer-form", new Dictionary<string, string>
        {
            ["Transfer.To"] = "Sellable",
            ["Transfer.Quantity"] = "3",
        })))
        {
            tooMany.StatusCode.ShouldBe(HttpStatusCode.OK, await tooMany.Content.ReadAsStringAsync());
            (await tooMany.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("il n'y a pas autant d'unités dans cette catégorie");
        }
        using (var noTarget = await inspector.SubmitAsync(page, "#transfer-form", With(page, "#transfer-form", new Dictionary<string, string>
        {
            ["Transfer.To"] = "Quarantine",
            ["Transfer.Quantity"] = "1",
        })))
        {
            (await noTarget.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("Choisissez Vendable ou Déballé.");
        }
        using (var moved = await inspector.SubmitAsync(page, "#transfer-form", With(page, "#transfer-form", new Dictionary<string, string>
        {
            ["Transfer.To"] = "Sellable",
            ["Transfer.Quantity"] = "1",
        })))
        {
            moved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        var levels = await LevelsAsync(sku);
        (Quantity(levels, StockBucket.Refurbish), Quantity(levels, StockBucket.Sellable)).ShouldBe((1, sellable + 1));
        (await inspector.GetDocumentAsync($"/staff/stock/{sku}")).QuerySelectorAll("#movements tbody tr[data-cause='RefurbishTransfer']").Length.ShouldBe(2);
    }

    [Fact]
    public async Task An_unknown_sku_is_404()
    {
        var client = await factory.SignedInAsync(Manager);
        using var page = await client.GetAsync(new Uri("/staff/stock/NO-SUCH-SKU", UriKind.Relative));
        using var adjust = await client.GetAsync(new Uri("/staff/stock/NO-SUCH-SKU/adjust", UriKind.Relative));
        (page.StatusCode, adjust.StatusCode).ShouldBe((HttpStatusCode.NotFound, HttpStatusCode.NotFound));
    }
}
