using System.Net;
using AngleSharp.Dom;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Staff.Stock;

public sealed class SkuTests_Sqlite(SqlitePortalFactory factory) : SkuTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class SkuTests_Postgres(PostgresPortalFactory factory) : SkuTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>A SKU's page (Pages/Staff/Stock/Sku): its movements, the transfer out of Refurbish; an unknown SKU is 404.</summary>
public abstract class SkuTests(PortalFactory factory)
{
    private const string Inspector = "inspector@example.fr";
    private const string Manager = "manager@example.fr";

    [Fact]
    public async Task An_inspector_transfers_repaired_units_out_of_refurbish_but_not_more_than_there_are()
    {
        var sku = await factory.ElectronicsSkuAsync(3);
        var manager = await factory.SignedInAsync(Manager);
        var adjust = await manager.GetDocumentAsync($"/staff/stock/{sku}/adjust");
        using (await manager.SubmitAsync(adjust, "#adjust-form", StockSteps.With(adjust, "#adjust-form", new Dictionary<string, string>
        {
            ["Form.Bucket"] = "Refurbish",
            ["Form.Quantity"] = "2",
            ["Form.Reason"] = "Retours à réparer",
        })))
        {
        }
        var sellable = StockSteps.Quantity(await factory.StockLevelsAsync(sku), StockBucket.Sellable);
        var inspector = await factory.SignedInAsync(Inspector);
        var page = await inspector.GetDocumentAsync($"/staff/stock/{sku}");
        page.QuerySelector("#transfer-form").ShouldNotBeNull();

        using (var tooMany = await inspector.SubmitAsync(page, "#transfer-form", StockSteps.With(page, "#transfer-form", new Dictionary<string, string>
        {
            ["Transfer.To"] = "Sellable",
            ["Transfer.Quantity"] = "3",
        })))
        {
            tooMany.StatusCode.ShouldBe(HttpStatusCode.OK, await tooMany.Content.ReadAsStringAsync());
            (await tooMany.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("il n'y a pas autant d'unités dans cette catégorie");
        }
        using (var noTarget = await inspector.SubmitAsync(page, "#transfer-form", StockSteps.With(page, "#transfer-form", new Dictionary<string, string>
        {
            ["Transfer.To"] = "Quarantine",
            ["Transfer.Quantity"] = "1",
        })))
        {
            (await noTarget.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("Choisissez Vendable ou Déballé.");
        }
        using (var moved = await inspector.SubmitAsync(page, "#transfer-form", StockSteps.With(page, "#transfer-form", new Dictionary<string, string>
        {
            ["Transfer.To"] = "Sellable",
            ["Transfer.Quantity"] = "1",
        })))
        {
            moved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        var levels = await factory.StockLevelsAsync(sku);
        (StockSteps.Quantity(levels, StockBucket.Refurbish), StockSteps.Quantity(levels, StockBucket.Sellable)).ShouldBe((1, sellable + 1));
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
