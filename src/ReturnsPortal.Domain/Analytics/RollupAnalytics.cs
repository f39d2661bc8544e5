using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Analytics;

/// <summary>
/// The same report as <see cref="ReturnAnalytics"/>, read from the daily rollups (ADR 0041): each query reads one
/// index range of a rollup table, never the returns table, so the dashboard's cost depends on the period's length
/// and the catalogue's size, not on how many returns exist. Medians are read from the duration histogram.
/// </summary>
public sealed class RollupAnalytics(ReturnsDbContext db) : ReturnAnalytics(db)
{
    private readonly ReturnsDbContext db = db;

    protected override async Task<Facts> FactsAsync(AnalyticsPeriod period, int? categoryId, bool detailed, CancellationToken ct)
    {
        var from = period.From;
        var to = period.To;
        var facet = categoryId ?? RollupBuilder.AllCategories;

        var salesRows = db.AnalyticsSalesDaily.AsNoTracking()
            .Where(s => s.Day >= from && s.Day < to && (categoryId == null || s.CategoryId == categoryId));
        var returnedRows = db.AnalyticsReturnLinesDaily.AsNoTracking()
            .Where(s => s.Day >= from && s.Day < to && (categoryId == null || s.CategoryId == categoryId));
        // The previous period needs totals only: one row each instead of one per product (and reason).
        var sold = detailed
            ? await salesRows.GroupBy(s => s.ProductId).Select(g => new SoldRow(g.Key, g.Sum(s => s.Units), g.Sum(s => s.Value))).ToListAsync(ct)
            : await salesRows.GroupBy(s => 0).Select(g => new SoldRow(0, g.Sum(s => s.Units), g.Sum(s => s.Value))).ToListAsync(ct);
        var returned = detailed
            ? await returnedRows.GroupBy(s => new { s.ProductId, s.ReasonId })
                .Select(g => new ReturnedRow(g.Key.ProductId, g.Key.ReasonId, g.Sum(s => s.Units), g.Sum(s => s.Value))).ToListAsync(ct)
            : await returnedRows.GroupBy(s => 0).Select(g => new ReturnedRow(0, 0, g.Sum(s => s.Units), g.Sum(s => s.Value))).ToListAsync(ct);
        var returns = await db.AnalyticsReturnsDaily.AsNoTracking()
            .Where(s => s.CategoryId == facet && s.Day >= from && s.Day < to)
            .GroupBy(s => new { s.Status, s.Resolution, s.ReachedResolved })
            .Select(g => new { g.Key.Status, g.Key.Resolution, g.Key.ReachedResolved, Count = g.Sum(s => s.Count) })
            .ToListAsync(ct);
        var durations = await db.AnalyticsDurationsDaily.AsNoTracking()
            .Where(s => s.CategoryId == facet && s.Day >= from && s.Day < to)
            .GroupBy(s => new { s.Stage, s.Bucket })
            .Select(g => new { g.Key.Stage, g.Key.Bucket, Count = g.Sum(s => (long)s.Count), Seconds = g.Sum(s => s.Seconds) })
            .ToListAsync(ct);

        var currency = await db.Orders.AsNoTracking().OrderBy(o => o.Id).Select(o => o.Currency).FirstOrDefaultAsync(ct) ?? Money.Euro;
        var statuses = Enum.GetValues<ReturnStatus>()
            .Select(s => new StatusCount(s, returns.Where(r => r.Status == s).Sum(r => r.Count)))
            .ToList();
        var resolved = returns.Where(r => r.ReachedResolved && !NotReturned.Contains(r.Status)).ToList();
        DurationStats Stage(ProcessingStage stage) =>
            DurationHistogram.Stats(durations.Where(d => d.Stage == stage).Select(d => (d.Bucket, d.Count, d.Seconds)));
        var kpis = new AnalyticsKpis(
            sold.Sum(s => s.Units),
            returned.Sum(r => r.Units),
            new Money(sold.Sum(s => s.Value), currency),
            new Money(returned.Sum(r => r.Value), currency),
            statuses.Sum(s => s.Count),
            statuses,
            resolved.Where(r => r.Resolution == Resolution.Refund).Sum(r => r.Count),
            resolved.Where(r => r.Resolution == Resolution.StoreCredit).Sum(r => r.Count),
            resolved.Where(r => r.Resolution == Resolution.Exchange).Sum(r => r.Count),
            Stage(ProcessingStage.RequestToReceipt),
            Stage(ProcessingStage.ReceiptToDecision),
            Stage(ProcessingStage.RequestToDecision));
        return new Facts(kpis, sold, returned);
    }

    protected override async Task<Dictionary<(DateOnly Week, int ReasonId), long>> WeeklyUnitsAsync(
        AnalyticsPeriod period, int? categoryId, List<int> reasonIds, CancellationToken ct)
    {
        var from = period.From;
        var to = period.To;
        var rows = await db.AnalyticsReturnLinesDaily.AsNoTracking()
            .Where(s => s.Day >= from && s.Day < to && (categoryId == null || s.CategoryId == categoryId) && reasonIds.Contains(s.ReasonId))
            .GroupBy(s => new { s.Day, s.ReasonId })
            .Select(g => new { g.Key.Day, g.Key.ReasonId, Units = g.Sum(s => s.Units) })
            .ToListAsync(ct);
        return rows.GroupBy(r => (Week: WeekStart(r.Day), r.ReasonId)).ToDictionary(g => g.Key, g => g.Sum(r => r.Units));
    }
}
