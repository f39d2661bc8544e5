using ReturnsPortal.Domain.Persistence;

namespace ReturnsPortal.Domain.Analytics;

/// <summary>
/// The goodwill KPI, counted apart from the rollups (ADR 0037): its own query on the (IsGoodwill, CreatedAt) index.
/// Goodwill returns are few, so their amounts are added up in memory, per currency.
/// </summary>
public static class GoodwillReturns
{
    public static async Task<GoodwillSummary> InPeriodAsync(ReturnsDbContext db, AnalyticsPeriod period, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(period);
        var from = period.FromUtc;
        var to = period.ToUtc;
        var estimates = await db.Returns.AsNoTracking()
            .Where(r => r.IsGoodwill && r.CreatedAt >= from && r.CreatedAt < to)
            .Select(r => new { r.RefundEstimate.Minor, r.RefundEstimate.Currency })
            .ToListAsync(ct);
        var value = estimates.GroupBy(e => e.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Money(g.Sum(e => e.Minor), g.Key)).ToList();
        return new GoodwillSummary(estimates.Count, value);
    }
}
