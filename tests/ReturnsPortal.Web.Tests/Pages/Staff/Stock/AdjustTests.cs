using System.Net;
using AngleSharp.Dom;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Staff.Stock;

public sealed class AdjustTests_Sqlite(SqlitePortalFactory factory) : AdjustTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class AdjustTests_Postgres(PostgresPortalFactory factory) : AdjustTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>The manager-only stock adjustment (Pages/Staff/Stock/Adjust), with the real form: a reason, once.</summary>
public abstract class AdjustTests(PortalFactory factory)
{
    private const string Inspector = "inspector@example.fr";
    private const string Manager = "manager@example.fr";

    [Fact]
    public async Task A_manager_adjusts_with_a_reason_once_even_when_the_form_is_sent_twice_and_an_inspector_is_refused()
    {
        var sku = await factory.ElectronicsSkuAsync(2);
        var before = StockSteps.Quantity(await factory.StockLevelsAsync(sku), StockBucket.Sellable);
        var manager = await factory.SignedInAsync(Manager);

        var skuPage = await manager.GetDocumentAsync($"/staff/stock/{sku}");
        skuPage.QuerySelector("#adjust-link").ShouldNotBeNull();
        skuPage.QuerySelectorAll("#movements tbody tr").Select(r => r.GetAttribute("data-cause")).ShouldContain("Import");
        var form = await manager.GetDocumentAsync($"/staff/stock/{sku}/adjust");

        using (var noReason = await manager.SubmitAsync(form, "#adjust-form", StockSteps.With(form, "#adjust-form", new Dictionary<string, string>
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
        using (var tooMany = await manager.SubmitAsync(form, "#adjust-form", StockSteps.With(form, "#adjust-form", new Dictionary<string, string>
        {
            ["Form.Bucket"] = "Sellable",
            ["Form.Quantity"] = $"-{before + 1}",
            ["Form.Reason"] = "Comptage",
        })))
        {
            (await tooMany.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("Le stock vendable ne peut pas devenir négatif");
        }
        StockSteps.Quantity(await factory.StockLevelsAsync(sku), StockBucket.Sellable).ShouldBe(before, "refused adjustments change nothing");

        var values = StockSteps.With(form, "#adjust-form", new Dictionary<string, string> { ["Form.Bucket"] = "Sellable", ["Form.Quantity"] = "+3", ["Form.Reason"] = "Inventaire du 26/11" });
        using (var adjusted = await manager.SubmitAsync(form, "#adjust-form", values))
        {
            adjusted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            adjusted.Headers.Location!.OriginalString.ShouldBe($"/staff/stock/{sku}?done=true");
        }
        using (var twice = await manager.SubmitAsync(form, "#adjust-form", values))
        {
            twice.StatusCode.ShouldBe(HttpStatusCode.Redirect, "the second submission of the same form is a success that changes nothing");
        }
        StockSteps.Quantity(await factory.StockLevelsAsync(sku), StockBucket.Sellable).ShouldBe(before + 3);
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
        StockSteps.Quantity(await factory.StockLevelsAsync(sku), StockBucket.Sellable).ShouldBe(before + 3);
    }
}
