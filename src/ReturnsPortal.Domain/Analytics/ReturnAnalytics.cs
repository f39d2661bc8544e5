using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Policies;

namespace ReturnsPortal.Domain.Analytics;

/// <summary>
/// Return-reason analytics computed straight from the operational tables (ADR 0040): aggregates are grouped in the
/// database on long/int columns only (they translate on SQLite and PostgreSQL), the small per-product results are
/// combined in memory. This is the reference computation: <see cref="RollupAnalytics"/> overrides the data sources
/// (facts per period, candidates' reasons, weekly units) to read the rollups (ADR 0041, 0043), and tests compare the two.
/// </summary>
public class ReturnAnalytics(ReturnsDbContext db)
{
    /// <summary>Products need this many units sold in the period before they can be called a problem.</summary>
    public const int MinUnitsSold = 20;

    /// <summary>How many reasons the weekly trend follows.</summary>
    public const int TrendReasonCount = 5;

    /// <summary>Returns in these statuses never count as returned: the customer withdrew or never sent the parcel.</summary>
    protected static readonly ReturnStatus[] NotReturned = [ReturnStatus.Cancelled, ReturnStatus.Expired];

    public Task<AnalyticsReport> ReportAsync(AnalyticsPeriod period, int? categoryId, CancellationToken ct) =>
        FilteredReportAsync(period, new AnalyticsFilter { CategoryId = categoryId }, ct);

    /// <summary>
    /// The report narrowed by the filters, each applied to the figures it can narrow (ADR 0087); the previous period
    /// is narrowed the same way, so the comparison compares like with like.
    /// </summary>
    public async Task<AnalyticsReport> FilteredReportAsync(AnalyticsPeriod period, AnalyticsFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(filter);
        var categoryId = filter.CategoryId;
        var current = await FactsAsync(period, filter, detailed: true, ct);
        // Only the previous period's KPIs are shown: its per-product rows may be left out.
        var previous = await FactsAsync(period.Previous, filter, detailed: false, ct);
        var withheld = filter.WithholdsReturnRates;

        var reasons = await db.Reasons.AsNoTracking()
            .Select(r => new ReasonRow(r.Id, r.Code, r.LabelFr, r.LabelEn, r.SortOrder)).ToDictionaryAsync(r => r.Id, ct);
        var categories = await db.Categories.AsNoTracking()
            .Select(c => new CategoryRow(c.Id, c.Code, c.NameFr, c.NameEn)).ToDictionaryAsync(c => c.Id, ct);

        var reasonShares = ReasonShares(current.Returned, reasons);
        var byCategory = current.Returned
            .GroupBy(r => r.CategoryId)
            .SelectMany(category =>
            {
                var info = categories[category.Key];
                var total = category.Sum(r => r.Units);
                return category.GroupBy(r => r.ReasonId)
                    .Select(g => new CategoryReasonShare(
                        info.Code, info.NameFr, info.NameEn, reasons[g.Key].Code, reasons[g.Key].LabelFr,
                        reasons[g.Key].LabelEn, g.Sum(r => r.Units), (double)g.Sum(r => r.Units) / total))
                    .OrderByDescending(s => s.Units).ThenBy(s => s.ReasonCode, StringComparer.Ordinal);
            })
            .OrderBy(s => s.CategoryCode, StringComparer.Ordinal)
            .ToList();

        var trendCodes = reasonShares.Take(TrendReasonCount).Select(r => r.Code).ToList();
        var weekly = await WeeklyAsync(period, filter, trendCodes, reasons, ct);

        return new AnalyticsReport(
            period, categoryId, current.Kpis with { ReturnRatesWithheld = withheld }, previous.Kpis with { ReturnRatesWithheld = withheld },
            reasonShares, byCategory, trendCodes, weekly, await ProblemProductsAsync(period, categoryId, current, categories, reasons, ct))
        {
            Dispositions = DispositionCount.All(await DispositionsAsync(period, filter, ct)),
            Filter = filter,
        };
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

    /// <summary>
    /// Rates come from the per-product totals; names and top reasons are read for the few products that pass the
    /// rule only (at a million returns, product × reason rows of a whole period are what made the dashboard slow).
    /// </summary>
    private async Task<List<ProblemProduct>> ProblemProductsAsync(
        AnalyticsPeriod period, int? categoryId, Facts facts, Dictionary<int, CategoryRow> categories, Dictionary<int, ReasonRow> reasons,
        CancellationToken ct)
    {
        var categoryRates = facts.Products.GroupBy(p => p.CategoryId)
            .ToDictionary(g => g.Key, g => AnalyticsKpis.Rate(g.Sum(p => p.Returned), g.Sum(p => p.Sold)));
        var candidates = facts.Products.Where(p => p.Returned > 0 && IsProblem(p.Returned, p.Sold, categoryRates[p.CategoryId])).ToList();
        if (candidates.Count == 0)
        {
            return [];
        }
        var ids = candidates.Select(c => c.ProductId).Distinct().ToList();
        var names = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.Code, p.Name }).ToDictionaryAsync(p => p.Id, ct);
        var byReason = (await ProductReasonUnitsAsync(period, categoryId, ids, ct)).ToLookup(r => r.ProductId);
        var problems = new List<ProblemProduct>();
        foreach (var product in candidates)
        {
            var (sold, returned) = (product.Sold, product.Returned);
            var categoryRate = categoryRates[product.CategoryId]!.Value;
            var top = byReason[product.ProductId]
                .GroupBy(l => l.ReasonId)
                .Select(g => (Reason: reasons[g.Key], Units: g.Sum(l => l.Units)))
                .OrderByDescending(t => t.Units).ThenBy(t => t.Reason.SortOrder).First();
            problems.Add(new ProblemProduct(
                names[product.ProductId].Code, names[product.ProductId].Name, categories[product.CategoryId].Code, sold, returned,
                (double)returned / sold, Wilson.LowerBound(Math.Min(returned, sold), sold)!.Value, categoryRate, top.Reason.Code,
                top.Reason.LabelFr, top.Reason.LabelEn, (double)top.Units / returned));
        }
        return problems.OrderByDescending(p => p.LowerBound - p.CategoryRate).ThenBy(p => p.Code, StringComparer.Ordinal).ToList();
    }

    /// <summary>Returned units per (product, reason) of these products over the period (category filter only: ADR 0087).</summary>
    protected virtual async Task<List<ProductReasonUnits>> ProductReasonUnitsAsync(
        AnalyticsPeriod period, int? categoryId, List<int> productIds, CancellationToken ct) =>
        await CountedLines(period, new AnalyticsFilter { CategoryId = categoryId })
            .Where(l => productIds.Contains(l.ProductId))
            .GroupBy(l => new { l.ProductId, l.ReasonId })
            .Select(g => new ProductReasonUnits(g.Key.ProductId, g.Key.ReasonId, g.Sum(l => (long)l.Quantity)))
            .ToListAsync(ct);

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
        AnalyticsPeriod period, AnalyticsFilter filter, List<string> codes, Dictionary<int, ReasonRow> reasons, CancellationToken ct)
    {
        var ids = reasons.Values.Where(r => codes.Contains(r.Code)).Select(r => r.Id).ToList();
        var units = await WeeklyUnitsAsync(period, filter, ids, ct);
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
        AnalyticsPeriod period, AnalyticsFilter filter, List<int> reasonIds, CancellationToken ct)
    {
        // Rows, not database groups: weeks are Paris weeks, which no provider-neutral SQL expression gives.
        var rows = await CountedLines(period, filter)
            .Where(l => reasonIds.Contains(l.ReasonId))
            .Select(l => new { l.CreatedAt, l.ReasonId, l.Quantity })
            .ToListAsync(ct);
        return rows.GroupBy(r => (Week: WeekStart(AnalyticsPeriod.ParisDay(r.CreatedAt)), r.ReasonId))
            .ToDictionary(g => g.Key, g => g.Sum(r => (long)r.Quantity));
    }

    /// <summary>Return lines decided in the period (by the decision's time) per disposition, with their units received.</summary>
    protected virtual async Task<List<DispositionCount>> DispositionsAsync(AnalyticsPeriod period, AnalyticsFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var (start, end) = (period.FromUtc, period.ToUtc);
        var categoryId = filter.CategoryId;
        var rows = await (
            from d in db.LineDecisions.AsNoTracking()
            join l in db.ReturnLines.AsNoTracking() on d.ReturnLineId equals l.Id
            join r in InWarehouse(db.Returns.AsNoTracking(), filter) on l.ReturnRequestId equals r.Id
            where d.DecidedAt >= start && d.DecidedAt < end
            where categoryId == null || l.OrderLine!.Variant!.Product!.CategoryId == categoryId
            select new { d.Disposition, Units = l.QuantityReceived ?? 0 })
            .ToListAsync(ct);
        return [.. rows.GroupBy(r => r.Disposition).Select(g => new DispositionCount(g.Key, g.Count(), g.Sum(r => (long)r.Units)))];
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

    /// <summary>The returns routed to the filter's warehouse.</summary>
    protected static IQueryable<ReturnRequest> InWarehouse(IQueryable<ReturnRequest> returns, AnalyticsFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.WarehouseId is not { } warehouseId)
        {
            return returns;
        }
        return returns.Where(r => r.WarehouseId == warehouseId);
    }

    /// <summary>The lines of <see cref="CountedReturns"/> (a join: SQLite has no APPLY for a projected SelectMany).</summary>
    private IQueryable<CountedLine> CountedLines(AnalyticsPeriod period, AnalyticsFilter filter)
    {
        var (categoryId, reasonId) = (filter.CategoryId, filter.ReasonId);
        return from line in db.ReturnLines.AsNoTracking()
               join request in InWarehouse(CountedReturns(period), filter) on line.ReturnRequestId equals request.Id
               where categoryId == null || line.OrderLine!.Variant!.Product!.CategoryId == categoryId
               where reasonId == null || line.ReasonId == reasonId
               select new CountedLine
               {
                   ProductId = line.OrderLine!.Variant!.ProductId,
                   CategoryId = line.OrderLine.Variant.Product!.CategoryId,
                   ReasonId = line.ReasonId,
                   Quantity = line.Quantity,
                   Value = line.Quantity * line.OrderLine.UnitPricePaid.Minor,
                   CreatedAt = request.CreatedAt,
               };
    }

    /// <summary>A member-init class, not a positional record: EF Core translates access to its members.</summary>
    private sealed class CountedLine
    {
        public int ProductId { get; init; }
        public int CategoryId { get; init; }
        public int ReasonId { get; init; }
        public int Quantity { get; init; }
        public long Value { get; init; }
        public DateTime CreatedAt { get; init; }
    }

    /// <summary>
    /// The period's KPIs and its sold and returned rows; without <paramref name="detailed"/> an implementation may
    /// return the rows summed into one (the reference computation always returns them per product).
    /// </summary>
    protected virtual async Task<Facts> FactsAsync(AnalyticsPeriod period, AnalyticsFilter filter, bool detailed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var categoryId = filter.CategoryId;
        var from = period.FromUtc;
        var to = period.ToUtc;

        var sold = await db.OrderLines.AsNoTracking()
            .Where(l => db.Orders.Any(o => o.Id == l.OrderId && o.PlacedAt >= from && o.PlacedAt < to))
            .Where(l => categoryId == null || l.Variant!.Product!.CategoryId == categoryId)
            .GroupBy(l => new { l.Variant!.ProductId, l.Variant.Product!.CategoryId })
            .Select(g => new { g.Key.ProductId, g.Key.CategoryId, Units = g.Sum(l => (long)l.Quantity), Value = g.Sum(l => l.Quantity * l.UnitPricePaid.Minor) })
            .ToListAsync(ct);

        async Task<List<ReturnedLines>> ReturnedAsync(AnalyticsFilter lines) =>
            await CountedLines(period, lines)
                .GroupBy(l => new { l.ProductId, l.CategoryId, l.ReasonId })
                .Select(g => new ReturnedLines(g.Key.ProductId, g.Key.CategoryId, g.Key.ReasonId, g.Sum(l => (long)l.Quantity), g.Sum(l => l.Value)))
                .ToListAsync(ct);
        var returned = await ReturnedAsync(filter);
        // Problem products compare rates, whose sales no reason or warehouse narrows: their returns are the category's (ADR 0087).
        var category = new AnalyticsFilter { CategoryId = categoryId };
        var productReturned = filter == category ? returned : await ReturnedAsync(category);
        var products = sold.Select(s => (s.ProductId, s.CategoryId)).Union(productReturned.Select(r => (r.ProductId, r.CategoryId)))
            .Select(p => new ProductTotal(
                p.ProductId, p.CategoryId,
                sold.Where(s => s.ProductId == p.ProductId && s.CategoryId == p.CategoryId).Sum(s => s.Units),
                productReturned.Where(r => r.ProductId == p.ProductId && r.CategoryId == p.CategoryId).Sum(r => r.Units)))
            .ToList();
        var byReason = returned.GroupBy(r => (r.CategoryId, r.ReasonId))
            .Select(g => new ReturnedRow(g.Key.CategoryId, g.Key.ReasonId, g.Sum(r => r.Units), g.Sum(r => r.Value)))
            .ToList();

        // Processing times are not narrowed by the resolution (ADR 0087): their rollup has no such dimension.
        var createdForTimes = InWarehouse(db.Returns.AsNoTracking(), filter)
            .Where(r => r.CreatedAt >= from && r.CreatedAt < to)
            .Where(r => categoryId == null || r.Lines.Any(l => l.OrderLine!.Variant!.Product!.CategoryId == categoryId));
        var created = filter.Resolution is { } resolution ? createdForTimes.Where(r => r.Resolution == resolution) : createdForTimes;
        var byStatus = await created.GroupBy(r => r.Status)
            .Select(g => new StatusCount(g.Key, g.Count()))
            .ToListAsync(ct);
        var counted = created.Where(r => !NotReturned.Contains(r.Status));
        var resolutions = await counted
            .Where(r => r.History.Any(h => h.To == ReturnStatus.Resolved))
            .GroupBy(r => r.Resolution)
            .Select(g => new { Resolution = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var allSteps = await createdForTimes.Where(r => !NotReturned.Contains(r.Status))
            .Select(r => new
            {
                r.Resolution,
                r.CreatedAt,
                Received = r.History.Where(h => h.To == ReturnStatus.Received).Min(h => (DateTime?)h.At),
                Decided = r.History
                    .Where(h => h.To == ReturnStatus.AwaitingApproval || h.To == ReturnStatus.Resolved
                        || (h.To == ReturnStatus.Rejected && h.From == ReturnStatus.Inspected))
                    .Min(h => (DateTime?)h.At),
                Settled = db.Settlements.Where(s => s.ReturnRequestId == r.Id && s.Status != SettlementStatus.Cancelled).Min(s => s.CompletedAt),
            })
            .ToListAsync(ct);
        var steps = allSteps.Where(s => filter.Resolution is null || s.Resolution == filter.Resolution).ToList();
        var costs = await created
            .Select(r => new
            {
                r.Status,
                RefundsPaid = db.Settlements.Where(s => s.ReturnRequestId == r.Id && s.Kind == SettlementKind.Refund && s.Status == SettlementStatus.Paid).Sum(s => (long?)s.Amount.Minor),
                PolicyLabelFee = db.Set<PolicyMethodFee>().Where(f => f.PolicyId == r.PolicyId && f.Method == r.Method).Min(f => (long?)f.Fee.Minor),
                QuotedLabelFee = r.LabelFee.Minor,
                HasDecision = r.Lines.Any(l => l.Decision != null),
                DecidedLabelFee = r.Lines.Where(l => l.Decision != null).Sum(l => l.Decision!.LabelFee.Minor),
                WriteOffs = db.StockMovements.Where(m => m.Cause == StockCause.WriteOff && m.ReturnLine!.ReturnRequestId == r.Id).Sum(m => m.CostMinor),
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
            DurationStats.Of(allSteps.Where(s => s.Received != null).Select(s => Hours(s.CreatedAt, s.Received!.Value)).ToList()),
            DurationStats.Of(allSteps.Where(s => s.Received != null && s.Decided != null)
                .Select(s => Hours(s.Received!.Value, s.Decided!.Value)).ToList()),
            DurationStats.Of(allSteps.Where(s => s.Decided != null).Select(s => Hours(s.CreatedAt, s.Decided!.Value)).ToList()))
        {
            Settled = steps.Count(s => s.Settled != null),
            SettledWithinServiceLevel = steps.Count(s => RollupBuilder.WithinServiceLevel(s.Received, s.Settled)),
            SettledWithinLegalDeadline = steps.Count(s => RollupBuilder.WithinLegalDeadline(s.CreatedAt, s.Received, s.Settled)),
            Costs = new ReturnCosts(
                new Money(costs.Sum(c => c.RefundsPaid ?? 0), currency),
                new Money(costs.Sum(c => ReturnCosts.LabelFeeBorne(c.Status, c.PolicyLabelFee, c.HasDecision ? c.DecidedLabelFee : c.QuotedLabelFee)), currency),
                new Money(costs.Sum(c => c.WriteOffs ?? 0), currency)),
        };
        return new Facts(kpis, products, byReason);
    }

    private static double Hours(DateTime from, DateTime to) => (to - from).TotalHours;

    /// <summary>The period's KPIs, units sold and returned per product, and units and value returned per category and reason.</summary>
    protected sealed record Facts(AnalyticsKpis Kpis, List<ProductTotal> Products, List<ReturnedRow> Returned);

    protected sealed record ProductTotal(int ProductId, int CategoryId, long Sold, long Returned);

    protected sealed record ReturnedRow(int CategoryId, int ReasonId, long Units, long Value);

    protected sealed record ProductReasonUnits(int ProductId, int ReasonId, long Units);

    private sealed record ReturnedLines(int ProductId, int CategoryId, int ReasonId, long Units, long Value);

    private sealed record ReasonRow(int Id, string Code, string LabelFr, string LabelEn, int SortOrder);

    private sealed record CategoryRow(int Id, string Code, string NameFr, string NameEn);
}
