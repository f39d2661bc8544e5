using ReturnsPortal.Domain.Persistence;

namespace ReturnsPortal.Domain.Analytics;

/// <summary>
/// Finds today's problem products and keeps the alert list in step (ADR 0045): over the last <c>days</c> Paris days,
/// the products the dashboard calls problems (<see cref="RollupAnalytics"/>, ADR 0040's Wilson rule) and
/// the flagged reason concentrations (<see cref="ReasonConcentrations"/>). A new problem opens an alert, a known one is
/// refreshed, an acknowledged one re-opens only when it worsened materially (<see cref="AnalyticsAlert.SeenAgain"/>).
/// Alerts of products no longer found stay as they are, with their last-seen date.
/// </summary>
public sealed class AnalyticsAlertDetector(
    ReturnsDbContext db, RollupBuilder rollups, RollupAnalytics analytics, ReasonConcentrations concentrations)
{
    public const int DefaultDays = 90;

    public async Task<AlertDetection> DetectAsync(DateTime now, int days, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var today = AnalyticsPeriod.ParisDay(now);
        var period = new AnalyticsPeriod(today.AddDays(1 - days), today.AddDays(1));
        var found = await FindAsync(period, ct);
        // A colleague acknowledging an alert while this pass runs bumps its version: read again and redo the pass once.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await ApplyAsync(found, now, ct);
                await db.SaveChangesAsync(ct);
                return result with { Period = period };
            }
            catch (DbUpdateConcurrencyException) when (attempt < 2)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>The problems of the period as (product, kind, figures).</summary>
    private async Task<List<(int ProductId, AnalyticsAlertKind Kind, AlertFigures Figures)>> FindAsync(AnalyticsPeriod period, CancellationToken ct)
    {
        // The rollups the dashboard reads, brought up to date first: the reference computation would scan the
        // operational tables of the whole period at start-up and every day (ADR 0041).
        await rollups.CatchUpAsync(ct);
        var report = await analytics.ReportAsync(period, null, ct);
        var codes = report.ProblemProducts.Select(p => p.Code).ToList();
        var productIds = await db.Products.AsNoTracking().Where(p => codes.Contains(p.Code))
            .Select(p => new { p.Id, p.Code }).ToDictionaryAsync(p => p.Code, p => p.Id, ct);
        var reasonIds = await db.Reasons.AsNoTracking().Select(r => new { r.Id, r.Code }).ToDictionaryAsync(r => r.Code, r => r.Id, ct);
        var found = report.ProblemProducts
            .Select(p => (productIds[p.Code], AnalyticsAlertKind.HighReturnRate, new AlertFigures(
                p.UnitsSold, p.UnitsReturned, p.ReturnRate, p.CategoryRate, reasonIds[p.TopReasonCode],
                (long)Math.Round(p.TopReasonShare * p.UnitsReturned), p.TopReasonShare)))
            .ToList();

        var reasonConcentrations = await concentrations.ComputeAsync(period, ct);
        var flagged = reasonConcentrations.Where(c => c.IsFlagged).ToList();
        var flaggedIds = flagged.Select(c => c.ProductId).ToList();
        // Sales of the flagged products, to show their rate beside the share (same counting as ADR 0040: orders placed in the period).
        var (from, to) = (period.FromUtc, period.ToUtc);
        var sold = await db.OrderLines.AsNoTracking()
            .Where(l => flaggedIds.Contains(l.Variant!.ProductId) && db.Orders.Any(o => o.Id == l.OrderId && o.PlacedAt >= from && o.PlacedAt < to))
            .GroupBy(l => l.Variant!.ProductId)
            .Select(g => new { ProductId = g.Key, Units = g.Sum(l => (long)l.Quantity) })
            .ToDictionaryAsync(s => s.ProductId, s => s.Units, ct);
        found.AddRange(flagged.Select(c =>
        {
            var units = sold.GetValueOrDefault(c.ProductId);
            var categoryRate = report.ProblemProducts.FirstOrDefault(p => p.Code == c.ProductCode)?.CategoryRate;
            return (c.ProductId, AnalyticsAlertKind.ReasonConcentration, new AlertFigures(
                units, c.UnitsReturned, AnalyticsKpis.Rate(c.UnitsReturned, units), categoryRate, c.ReasonId, c.ReasonUnits, c.Share));
        }));
        return found;
    }

    private async Task<AlertDetection> ApplyAsync(
        List<(int ProductId, AnalyticsAlertKind Kind, AlertFigures Figures)> found, DateTime now, CancellationToken ct)
    {
        var ids = found.Select(f => f.ProductId).Distinct().ToList();
        var existing = await db.AnalyticsAlerts.Where(a => ids.Contains(a.ProductId)).ToDictionaryAsync(a => (a.ProductId, a.Kind), ct);
        int opened = 0, refreshed = 0, reopened = 0;
        foreach (var (productId, kind, figures) in found)
        {
            if (!existing.TryGetValue((productId, kind), out var alert))
            {
                db.AnalyticsAlerts.Add(AnalyticsAlert.Raise(productId, kind, figures, now));
                opened++;
            }
            else if (alert.SeenAgain(figures, now))
            {
                reopened++;
            }
            else
            {
                refreshed++;
            }
        }
        return new AlertDetection(null!, opened, refreshed, reopened);
    }
}
