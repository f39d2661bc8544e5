using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Analytics;

/// <summary>
/// Reason concentration per product (ADR 0045): over a period, for each product with at least
/// <see cref="MinUnitsReturned"/> returned units, the reason given for most of them and its share; flagged when that
/// share is at least <see cref="Threshold"/> ("70 % des retours : taille trop petite").
/// Same counting as the dashboard (ADR 0040): return lines of returns created in the period, not cancelled or expired.
/// </summary>
public sealed class ReasonConcentrations(ReturnsDbContext db)
{
    /// <summary>Below this many returned units a share says nothing (3 of 4 is 75 %).</summary>
    public const int MinUnitsReturned = 10;

    /// <summary>The top reason's share from which a product is flagged: most of its returns say the same thing.</summary>
    public const double Threshold = 0.5;

    private static readonly ReturnStatus[] NotReturned = [ReturnStatus.Cancelled, ReturnStatus.Expired];

    public static bool IsConcentrated(long topReasonUnits, long unitsReturned) =>
        unitsReturned >= MinUnitsReturned && topReasonUnits * 1.0 / unitsReturned >= Threshold;

    /// <summary>Every product with enough returns, flagged ones first, then by share.</summary>
    public async Task<IReadOnlyList<ReasonConcentration>> ComputeAsync(AnalyticsPeriod period, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(period);
        var (start, end) = (period.FromUtc, period.ToUtc);
        // A join, not a navigation SelectMany: SQLite has no APPLY.
        var rows = await (
                from line in db.ReturnLines.AsNoTracking()
                join request in db.Returns on line.ReturnRequestId equals request.Id
                where request.CreatedAt >= start && request.CreatedAt < end && !NotReturned.Contains(request.Status)
                group line by new { line.OrderLine!.Variant!.ProductId, line.ReasonId } into g
                select new { g.Key.ProductId, g.Key.ReasonId, Units = g.Sum(l => (long)l.Quantity) })
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

/// <summary>One product's top return reason over a period.</summary>
public sealed record ReasonConcentration(
    int ProductId,
    string ProductCode,
    string ProductName,
    string CategoryCode,
    long UnitsReturned,
    int ReasonId,
    string ReasonCode,
    string ReasonLabelFr,
    string ReasonLabelEn,
    long ReasonUnits,
    double Share,
    bool IsFlagged)
{
    public string ReasonLabel(string language) => language == "en" ? ReasonLabelEn : ReasonLabelFr;
}
