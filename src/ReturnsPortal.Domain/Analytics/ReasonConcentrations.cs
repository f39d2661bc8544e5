using ReturnsPortal.Domain.Persistence;

namespace ReturnsPortal.Domain.Analytics;

/// <summary>
/// Reason concentration per product (ADR 0045): over a period, for each product with at least
/// <see cref="MinUnitsReturned"/> returned units, the reason given for most of them and its share; flagged when that
/// share is at least <see cref="Threshold"/> ("70 % des retours : taille trop petite").
/// Same counting as the dashboard (ADR 0040): return lines of returns created in the period, not cancelled or expired.
/// </summary>
public sealed class ReasonConcentrations(ReturnsDbContext db, RollupBuilder rollups)
{
    /// <summary>Below this many returned units a share says nothing (3 of 4 is 75 %).</summary>
    public const int MinUnitsReturned = 10;

    /// <summary>The top reason's share from which a product is flagged: most of its returns say the same thing.</summary>
    public const double Threshold = 0.5;

    public static bool IsConcentrated(long topReasonUnits, long unitsReturned) =>
        unitsReturned >= MinUnitsReturned && topReasonUnits * 1.0 / unitsReturned >= Threshold;

    /// <summary>Every product with enough returns, flagged ones first, then by share.</summary>
    public async Task<IReadOnlyList<ReasonConcentration>> ComputeAsync(AnalyticsPeriod period, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(period);
        // The dashboard's product × reason rollup (counted lines: not cancelled, not expired; day of the return's
        // creation), brought up to date first, rather than the operational tables of the whole period (ADR 0041).
        await rollups.CatchUpAsync(ct);
        var rows = await db.AnalyticsReturnLinesDaily.AsNoTracking()
            .Where(s => s.Day >= period.From && s.Day < period.To)
            .GroupBy(s => new { s.ProductId, s.ReasonId })
            .Select(g => new { g.Key.ProductId, g.Key.ReasonId, Units = g.Sum(s => s.Units) })
            .ToListAsync(ct);
        var candidates = rows.GroupBy(r => r.ProductId)
            .Where(g => g.Sum(r => r.Units) >= MinUnitsReturned)
            .Select(g => (ProductId: g.Key, Units: g.Sum(r => r.Units), Reasons: g.ToList()))
            .ToList();
        if (candidates.Count == 0)
        {
            return [];
        }
        var ids = candidates.Select(c => c.ProductId).ToList();
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.Code, p.Name, CategoryCode = p.Category!.Code })
            .ToDictionaryAsync(p => p.Id, ct);
        var reasons = await db.Reasons.AsNoTracking()
            .Select(r => new { r.Id, r.Code, r.LabelFr, r.LabelEn, r.SortOrder })
            .ToDictionaryAsync(r => r.Id, ct);
        return candidates
            .Select(c =>
            {
                var top = c.Reasons.OrderByDescending(r => r.Units).ThenBy(r => reasons[r.ReasonId].SortOrder).ThenBy(r => r.ReasonId).First();
                var product = products[c.ProductId];
                var reason = reasons[top.ReasonId];
                return new ReasonConcentration(
                    c.ProductId, product.Code, product.Name, product.CategoryCode, c.Units, reason.Id, reason.Code, reason.LabelFr,
                    reason.LabelEn, top.Units, (double)top.Units / c.Units, IsConcentrated(top.Units, c.Units));
            })
            .OrderByDescending(c => c.IsFlagged).ThenByDescending(c => c.Share).ThenByDescending(c => c.UnitsReturned)
            .ThenBy(c => c.ProductCode, StringComparer.Ordinal)
            .ToList();
    }
}
