using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using ReturnsPortal.Domain.Seeding;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Staff.Stock;

public sealed class IndexTests_Sqlite(SqlitePortalFactory factory) : IndexTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class IndexTests_Postgres(PostgresPortalFactory factory) : IndexTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>The stock levels page (Pages/Staff/Stock/Index): in the staff nav, filtered by search, bucket and low stock.</summary>
public abstract class IndexTests(PortalFactory factory)
{
    private const string Inspector = "inspector@example.fr";

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
}
