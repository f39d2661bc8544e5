using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Persistence;

namespace ReturnsPortal.Web.Tests.Infrastructure;

/// <summary>What the stock page tests share: a seeded SKU, its levels checked against its movements, the forms' selects.</summary>
internal static class StockSteps
{
    /// <summary>
    /// The <paramref name="nth"/> seeded electronics SKU (not the T-shirt the exchange tests use): the adjustment test
    /// takes the second, the transfer test the third, whose seeded stock their assertions start from.
    /// </summary>
    public static Task<string> ElectronicsSkuAsync(this PortalFactory factory, int nth) =>
        factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().Variants
            .Where(v => v.Sku.StartsWith("ELE-")).OrderBy(v => v.Id).Skip(nth - 1).Select(v => v.Sku).FirstAsync());

    /// <summary>The SKU's levels by bucket, each checked to be the sum of its movements.</summary>
    public static Task<List<(StockBucket Bucket, int Quantity, int Reserved)>> StockLevelsAsync(this PortalFactory factory, string sku) =>
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
    public static Dictionary<string, string> With(IHtmlDocument page, string form, Dictionary<string, string> values)
    {
        foreach (var select in page.QuerySelectorAll<IHtmlSelectElement>($"{form} select").Where(s => !values.ContainsKey(s.Name!)))
        {
            values[select.Name!] = select.Value ?? "";
        }
        return values;
    }

    public static int Quantity(List<(StockBucket Bucket, int Quantity, int Reserved)> levels, StockBucket bucket) =>
        levels.Where(l => l.Bucket == bucket).Sum(l => l.Quantity);
}
