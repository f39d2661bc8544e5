using ReturnsPortal.Domain.Inventory;

namespace ReturnsPortal.Web.Pages.Staff.Stock;

/// <summary>
/// Stock levels per SKU, warehouse and bucket, filtered by SKU or product name, bucket, warehouse and low stock, with
/// links to each SKU's movements. Every number comes from the ledger (ADR 0060), so it is the sum of the movements
/// shown there.
/// </summary>
public sealed class StockModel(ReturnsDbContext db) : PageModel
{
    public const int PageSize = 50;
    /// <summary>At or below this many available Sellable units a SKU counts as low.</summary>
    public const int LowStock = 2;

    public Filter Filters { get; private set; } = new(null, null, null, false, 1);
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<WarehouseOption> Warehouses { get; private set; } = [];
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(string? q, StockBucket? bucket, int? warehouse, bool low, int page, CancellationToken ct)
    {
        Filters = new Filter(string.IsNullOrWhiteSpace(q) ? null : q.Trim(), bucket, warehouse, low, Math.Max(1, page));
        Warehouses = await WarehouseOption.ListAsync(db, ct);
        var levels = db.StockLevels.AsNoTracking();
        if (Filters.Search is { } search)
        {
            // LIKE on lower-cased text: case-insensitive on both providers; the user's % and _ are literal.
            var pattern = "%" + search.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            levels = levels.Where(l => db.Variants.Any(v => v.Id == l.VariantId
                && (EF.Functions.Like(v.Sku.ToLower(), pattern, "\\") || EF.Functions.Like(v.Product!.Name.ToLower(), pattern, "\\"))));
        }
        if (bucket is { } b)
        {
            levels = levels.Where(l => l.Bucket == b);
        }
        if (warehouse is { } w)
        {
            levels = levels.Where(l => l.WarehouseId == w);
        }
        if (low)
        {
            levels = levels.Where(l => l.Bucket == StockBucket.Sellable && l.Quantity - l.Reserved <= LowStock);
        }
        Total = await levels.CountAsync(ct);
        Rows = await levels
            .Join(db.Variants, l => l.VariantId, v => v.Id, (l, v) => new { l, v })
            .Join(db.Warehouses, x => x.l.WarehouseId, w => w.Id, (x, w) => new { x.l, x.v, w })
            .OrderBy(x => x.v.Sku).ThenBy(x => x.w.Code).ThenBy(x => x.l.Bucket)
            .Skip((Filters.Page - 1) * PageSize).Take(PageSize)
            .Select(x => new Row(x.v.Sku, x.v.Product!.Name, x.v.Size, x.v.Colour, x.w.Code, x.l.Bucket, x.l.Quantity, x.l.Reserved, x.l.UpdatedAt))
            .ToListAsync(ct);
    }

    /// <summary>This page's URL with the current filters and another page number.</summary>
    public string PageLink(int page)
    {
        var query = new Dictionary<string, string?>
        {
            ["q"] = Filters.Search,
            ["bucket"] = Filters.Bucket?.ToString(),
            ["warehouse"] = Filters.Warehouse?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["low"] = Filters.Low ? "true" : null,
            ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/staff/stock", query.Where(p => p.Value is not null));
    }

    public sealed record Filter(string? Search, StockBucket? Bucket, int? Warehouse, bool Low, int Page);

    public sealed record Row(
        string Sku, string Product, string? Size, string? Colour, string Warehouse, StockBucket Bucket, int Quantity, int Reserved, DateTime UpdatedAt)
    {
        public int Available => Quantity - Reserved;
        public bool IsLow => Bucket == StockBucket.Sellable && Available <= LowStock;
    }
}

public sealed record WarehouseOption(int Id, string Code, string Name)
{
    public static async Task<IReadOnlyList<WarehouseOption>> ListAsync(ReturnsDbContext db, CancellationToken ct) =>
        await db.Warehouses.AsNoTracking().OrderBy(w => w.Id).Select(w => new WarehouseOption(w.Id, w.Code, w.Name)).ToListAsync(ct);

    /// <summary>The URL of a SKU's page (SKUs may hold characters a path must escape).</summary>
    public static string SkuLink(string sku) => "/staff/stock/" + Uri.EscapeDataString(sku);
}
