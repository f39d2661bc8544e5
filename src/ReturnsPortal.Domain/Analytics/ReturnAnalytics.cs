using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Analytics;

/// <summary>
/// Return-reason analytics computed straight from the operational tables (ADR 0040): aggregates are grouped in the
/// database on long/int columns only (they translate on SQLite and PostgreSQL), the small per-product results are
/// combined in memory. At a million returns this is to be read from rollup tables instead (the ADR's next step).
/// </summary>
public class ReturnAnalytics(ReturnsDbContext db)
{
    /// <summary>Products need this many units sold in the period before they can be called a problem.</summary>
    public const int MinUnitsSold = 20;

    /// <summary>How many reasons the weekly trend follows.</summary>
    public const int TrendReasonCount = 5;

    /// <summary>Returns in these statuses never count as returned: the customer withdrew or never sent the parcel.</summary>
    protected static readonly ReturnStatus[] NotReturned = [ReturnStatus.Cancelled, ReturnStatus.Expired];

    public async Task<AnalyticsReport> ReportAsync(AnalyticsPeriod period, int? categoryId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(period);
        var current = await FactsAsync(period, categoryId, detailed: true, ct);
        // Only the previous period's KPIs are shown: its per-product rows may be left out.
        var previous = await FactsAsync(period.Previous, categoryId, detailed: false, ct);

        var reasons = await db.Reasons.AsNoTracking()
            .Select(r => new ReasonRow(r.Id, r.Code, r.LabelFr, r.LabelEn, r.SortOrder)).ToDictionaryAsync(r => r.Id, ct);
        var productIds = current.Sold.Select(s => s.ProductId).Concat(current.Returned.Select(r => r.ProductId)).Distinct().ToList();
        var products = await db.Products.AsNoTracking()
            .Where(p => productIds.Contains(p.Id))
            .Select(p => new ProductRow(p.Id, p.Code, p.Name, p.CategoryId, p.Category!.Code, p.Category.NameFr, p.Category.NameEn))
            .ToDictionaryAsync(p => p.Id, ct);

        var reasonShares = ReasonShares(current.Returned, reasons);
        var byCategory = current.Returned
            .GroupBy(r => products[r.ProductId].CategoryId)
            .SelectMany(category =>
            {
                var info = products[category.First().ProductId];
                var total = category.Sum(r => r.Units);
                return category.GroupBy(r => r.ReasonId)
                    .Select(g => new CategoryReasonShare(
                        info.CategoryCode, info.CategoryNameFr, info.CategoryNameEn, reasons[g.Key].Code, reasons[g.Key].LabelFr,
                        reasons[g.Key].LabelEn, g.Sum(r => r.Units), (double)g.Sum(r => r.Units) / total))
                    .OrderByDescending(s => s.Units).ThenBy(s => s.ReasonCode, StringComparer.Ordinal);
            })
            .OrderBy(s => s.CategoryCode, StringComparer.Ordinal)
            .ToList();

        var trendCodes = reasonShares.Take(TrendReasonCount).Select(r => r.Code).ToList();
        var weekly = await WeeklyAsync(period, categoryId, trendCodes, reasons, ct);

        return new AnalyticsReport(
            period, categoryId, current.Kpis, previous.Kpis, reasonShares, byCategory, trendCodes, weekly,
            ProblemProducts(current, products, reasons));
    }

    /// <summary>
    /// How far (in rate points) the lower bound must clear the category rate: with thirty products at 95 % one is
    /// "significant" by chance, and a rare-return category (1.8 %) otherwise flags a product at 7 % (ADR 0040).
    /// </summary>
    public const double MinExcess = 0.05;

    /// <summary>
    /// Products whose return rate is significantly and materially above their category's: at least
    /// <see cref="MinUnitsSold"/> units sold and the Wilson 95 % lower bound of their rate at least
    /// <see cref="MinExcess"/> above the category's rate (ADR 0040).
    /// </summary>
    public static bool IsProblem(long unitsReturned, long unitsSold, double? categoryRate) =>
        unitsSold >= MinUnitsSold && categoryRate is { } rate
        && Wilson.LowerBound(Math.Min(unitsReturned, unitsSold), unitsSold) >= rate + MinExcess;

    private static List<ProblemProduct> ProblemProducts(
        Facts facts, Dictionary<int, ProductRow> products, Dictionary<int, ReasonRow> reasons)
    {
        var soldByProduct = facts.Sold.GroupBy(s => s.ProductId).ToDictionary(g => g.Key, g => g.Sum(s => s.Units));
        var returnedByProduct = facts.Returned.GroupBy(r => r.ProductId).ToDictionary(g => g.Key, g => g.ToList());
        var categoryRates = products.Values.GroupBy(p => p.CategoryId).ToDictionary(
            g => g.Key,
            g => AnalyticsKpis.Rate(
                g.Sum(p => returnedByProduct.TryGetValue(p.Id, out var lines) ? lines.Sum(l => l.Units) : 0),
                g.Sum(p => soldByProduct.GetValueOrDefault(p.Id))));
        var problems = new List<ProblemProduct>();
        foreach (var (productId, lines) in returnedByProduct)
        {
            var product = products[productId];
            var sold = soldByProduct.GetValueOrDefault(productId);
            var returned = lines.Sum(l => l.Units);
            var categoryRate = categoryRates[product.CategoryId];
            if (!IsProblem(returned, sold, categoryRate))
            {
                continue;
            }
            var top = lines.GroupBy(l => l.ReasonId)
                .Select(g => (Reason: reasons[g.Key], Units: g.Sum(l => l.Units)))
                .OrderByDescending(t => t.Units).ThenBy(t => t.Reason.SortOrder).First();
            problems.Add(new ProblemProduct(
                product.Code, product.Name, product.CategoryCode, sold, returned, (double)returned / sold,
                Wilson.LowerBound(Math.Min(returned, sold), sold)!.Value, categoryRate!.Value, top.Reason.Code,
                top.Reason.LabelFr, top.Reason.LabelEn, (double)top.Units / returned));
        }
        return problems.OrderByDescending(p => p.LowerBound - p.CategoryRate).ThenBy(p => p.Code, StringComparer.Ordinal).ToList();
    }

    private static List<ReasonShare> ReasonShares(List<ReturnedRow> returned, Dictionary<int, ReasonRow> reasons)
    {
        var total = returned.Sum(r => r.Units);
        return returned.GroupBy(r => r.ReasonId)
            .Select(g => new ReasonShare(
                reasons[g.Key].Code, reasons[g.Key].LabelFr, reasons[g.Key].LabelEn, g.Sum(r => r.Units), (double)g.Sum(r => r.Units) / total))
            .OrderByDescending(r => r.Units).ThenBy(r => r.Code, StringComparer.Ordinal)
            .ToList();
    }

    private async Task<List<WeeklyReasonUnits>> WeeklyAsync(
        AnalyticsPeriod period, int? categoryId, List<string> codes, Dictionary<int, ReasonRow> reasons, CancellationToken ct)
    {
        var ids = reasons.Values.Where(r => codes.Contains(r.Code)).Select(r => r.Id).ToList();
        var units = await WeeklyUnitsAsync(period, categoryId, ids, ct);
        var result = new List<WeeklyReasonUnits>();
        for (var week = WeekStart(period.From); week < period.To; week = week.AddDays(7))
        {
            foreach (var code in codes)
            {
                var id = reasons.Values.First(r => r.Code == code).Id;
                result.Add(new WeeklyReasonUnits(week, code, units.GetValueOrDefault((week, id))));
            }
        }
        return result;
    }

    /// <summary>Returned units per (Monday of the week, reason) for these reasons.</summary>
    protected virtual async Task<Dictionary<(DateOnly Week, int ReasonId), long>> WeeklyUnitsAsync(
        AnalyticsPeriod period, int? categoryId, List<int> reasonIds, CancellationToken ct)
    {
        // Rows, not database groups: weeks are Paris weeks, which no provider-neutral SQL expression gives.
        var rows = await CountedLines(period, categoryId)
            .Where(l => reasonIds.Contains(l.ReasonId))
            .Select(l => new { l.CreatedAt, l.ReasonId, l.Quantity })
            .ToListAsync(ct);
        return rows.GroupBy(r => (Week: WeekStart(AnalyticsPeriod.ParisDay(r.CreatedAt)), r.ReasonId))
            .ToDictionary(g => g.Key, g => g.Sum(r => (long)r.Quantity));
    }

    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>Returns created in the period that count as returned (not cancelled, not expired).</summary>
    private IQueryable<ReturnRequest> CountedReturns(AnalyticsPeriod period)
    {
        var from = period.FromUtc;
        var to = period.ToUtc;
        return db.Returns.AsNoTracking()
            .Where(r => r.CreatedAt >= from && r.CreatedAt < to && !NotReturned.Contains(r.Status));
    }

    /// <summary>The lines of <see cref="CountedReturns"/> (a join: SQLite has no APPLY for a projected SelectMany).</summary>
    private IQueryable<CountedLine> CountedLines(AnalyticsPeriod period, int? categoryId) =>
        from line in db.ReturnLines.AsNoTracking()
        join request in CountedReturns(period) on line.ReturnRequestId equals request.Id
        where categoryId == null || line.OrderLine!.Variant!.Product!.CategoryId == categoryId
        select new CountedLine
        {
            ProductId = line.OrderLine!.Variant!.ProductId,
            ReasonId = line.ReasonId,
            Quantity = line.Quantity,
            Value = line.Quantity * line.OrderLine.UnitPricePaid.Minor,
            CreatedAt = request.CreatedAt,
        };

    /// <summary>A member-init class, not a positional record: EF Core translates access to its members.</summary>
    private sealed class CountedLine
    {
        public int ProductId { get; init; }
        public int ReasonId { get; init; }
        public int Quantity { get; init; }
        public long Value { get; init; }
        public DateTime CreatedAt { get; init; }
    }

    /// <summary>
    /// The period's KPIs and its sold and returned rows; without <paramref name="detailed"/> an implementation may
    /// return the rows summed into one (the reference computation always returns them per product).
    /// </summary>
    protected virtual async Task<Facts> FactsAsync(AnalyticsPeriod period, int? categoryId, bool detailed, CancellationToken ct)
    {
        var from = period.FromUtc;
        var to = period.ToUtc;

        var sold = await db.OrderLines.AsNoTracking()
            .Where(l => db.Orders.Any(o => o.Id == l.OrderId && o.PlacedAt >= from && o.PlacedAt < to))
            .Where(l => categoryId == null || l.Variant!.Product!.CategoryId == categoryId)
            .GroupBy(l => l.Variant!.ProductId)
            .Select(g => new SoldRow(g.Key, g.Sum(l => (long)l.Quantity), g.Sum(l => l.Quantity * l.UnitPricePaid.Minor)))
            .ToListAsync(ct);

        var returned = await CountedLines(period, categoryId)
            .GroupBy(l => new { l.ProductId, l.ReasonId })
            .Select(g => new ReturnedRow(g.Key.ProductId, g.Key.ReasonId, g.Sum(l => (long)l.Quantity), g.Sum(l => l.Value)))
            .ToListAsync(ct);

        var created = db.Returns.AsNoTracking()
            .Where(r => r.CreatedAt >= from && r.CreatedAt < to)
            .Where(r => categoryId == null || r.Lines.Any(l => l.OrderLine!.Variant!.Product!.CategoryId == categoryId));
        var byStatus = await created.GroupBy(r => r.Status)
            .Select(g => new StatusCount(g.Key, g.Count()))
            .ToListAsync(ct);
        var counted = created.Where(r => !NotReturned.Contains(r.Status));
        var resolutions = await counted
            .Where(r => r.History.Any(h => h.To == ReturnStatus.Resolved))
            .GroupBy(r => r.Resolution)
            .Select(g => new { Resolution = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var steps = await counted
            .Select(r => new
            {
                r.CreatedAt,
                Received = r.History.Where(h => h.To == ReturnStatus.Received).Min(h => (DateTime?)h.At),
                Decided = r.History
                    .Where(h => h.To == ReturnStatus.AwaitingApproval || h.To == ReturnStatus.Resolved
                        || (h.To == ReturnStatus.Rejected && h.From == ReturnStatus.Inspected))
                    .Min(h => (DateTime?)h.At),
            })
            .ToListAsync(ct);

        // The shop sells in one currency; the first order's currency names it (ADR 0040).
        var currency = await db.Orders.AsNoTracking().OrderBy(o => o.Id).Select(o => o.Currency).FirstOrDefaultAsync(ct) ?? Money.Euro;
        var statuses = Enum.GetValues<ReturnStatus>()
            .Select(s => new StatusCount(s, byStatus.FirstOrDefault(b => b.Status == s)?.Count ?? 0))
            .ToList();
        var kpis = new AnalyticsKpis(
            sold.Sum(s => s.Units),
            returned.Sum(r => r.Units),
            new Money(sold.Sum(s => s.Value), currency),
            new Money(returned.Sum(r => r.Value), currency),
            statuses.Sum(s => s.Count),
            statuses,
            resolutions.FirstOrDefault(r => r.Resolution == Resolution.Refund)?.Count ?? 0,
            resolutions.FirstOrDefault(r => r.Resolution == Resolution.StoreCredit)?.Count ?? 0,
            resolutions.FirstOrDefault(r => r.Resolution == Resolution.Exchange)?.Count ?? 0,
            DurationStats.Of(steps.Where(s => s.Received != null).Select(s => Hours(s.CreatedAt, s.Received!.Value)).ToList()),
            DurationStats.Of(steps.Where(s => s.Received != null && s.Decided != null)
                .Select(s => Hours(s.Received!.Value, s.Decided!.Value)).ToList()),
            DurationStats.Of(steps.Where(s => s.Decided != null).Select(s => Hours(s.CreatedAt, s.Decided!.Value)).ToList()));
        return new Facts(kpis, sold, returned);
    }

    private static double Hours(DateTime from, DateTime to) => (to - from).TotalHours;

    protected sealed record Facts(AnalyticsKpis Kpis, List<SoldRow> Sold, List<ReturnedRow> Returned);

    protected sealed record SoldRow(int ProductId, long Units, long Value);

    protected sealed record ReturnedRow(int ProductId, int ReasonId, long Units, long Value);

    private sealed record ReasonRow(int Id, string Code, string LabelFr, string LabelEn, int SortOrder);

    private sealed record ProductRow(
        int Id, string Code, string Name, int CategoryId, string CategoryCode, string CategoryNameFr, string CategoryNameEn);
}
