using ReturnsPortal.Domain.Persistence;

namespace ReturnsPortal.Domain.Analytics;

/// <summary>
/// The same report as <see cref="ReturnAnalytics"/>, read from the rollups (ADR 0041, 0043): each query reads index
/// ranges of a rollup table, never the returns table, so the dashboard's cost depends on the period's length and the
/// catalogue's size, not on how many returns exist. Totals, reasons and the trend read per category (and reason);
/// a long period reads its whole months and weeks from month and week rows and only its edge days from day rows
/// (ADR 0090); product × reason rows are read for the few problem products only. Medians are read from the duration
/// histogram.
/// </summary>
public sealed class RollupAnalytics(ReturnsDbContext db) : ReturnAnalytics(db)
{
    private readonly ReturnsDbContext db = db;

    protected override async Task<Facts> FactsAsync(AnalyticsPeriod period, AnalyticsFilter filter, bool detailed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var categoryId = filter.CategoryId;
        var reasonId = filter.ReasonId;
        var facet = categoryId ?? RollupBuilder.AllCategories;

        // Sums of int columns per group stay small: totals are added up here, as long.
        var sold = await Coarse(db.AnalyticsCategoryRollup, period, categoryId)
            .GroupBy(s => s.CategoryId)
            .Select(g => new { Units = g.Sum(s => s.UnitsSold), Value = g.Sum(s => s.ValueSold) })
            .ToListAsync(ct);
        var returned = await InWarehouse(Coarse(db.AnalyticsReasonRollup, period, categoryId), filter)
            .Where(s => reasonId == null || s.ReasonId == reasonId)
            .GroupBy(s => new { s.CategoryId, s.ReasonId })
            .Select(g => new ReturnedRow(g.Key.CategoryId, g.Key.ReasonId, g.Sum(s => s.UnitsReturned), g.Sum(s => s.ValueReturned)))
            .ToListAsync(ct);
        // The previous period shows KPIs only: no per-product rows.
        var products = detailed
            ? await Coarse(db.AnalyticsProductRollup, period, categoryId)
                .GroupBy(s => new { s.ProductId, s.CategoryId })
                .Select(g => new ProductTotal(g.Key.ProductId, g.Key.CategoryId, g.Sum(s => s.UnitsSold), g.Sum(s => s.UnitsReturned)))
                .ToListAsync(ct)
            : [];
        var returnRows = InWarehouse(InPeriod(db.AnalyticsReturnsDaily, period).Where(s => s.CategoryId == facet), filter);
        if (filter.Resolution is { } resolution)
        {
            returnRows = returnRows.Where(s => s.Resolution == resolution);
        }
        var returns = await returnRows
            .GroupBy(s => new { s.Status, s.Resolution, s.ReachedResolved })
            .Select(g => new
            {
                g.Key.Status,
                g.Key.Resolution,
                g.Key.ReachedResolved,
                Count = g.Sum(s => s.Count),
                Settled = g.Sum(s => s.Settled),
                WithinServiceLevel = g.Sum(s => s.SettledWithinServiceLevel),
                WithinLegalDeadline = g.Sum(s => s.SettledWithinLegalDeadline),
                RefundsPaid = g.Sum(s => s.RefundsPaid),
                LabelFeesBorne = g.Sum(s => s.LabelFeesBorne),
                WriteOffs = g.Sum(s => s.WriteOffs),
            })
            .ToListAsync(ct);
        var durations = await InWarehouse(InPeriod(db.AnalyticsDurationsDaily, period).Where(s => s.CategoryId == facet), filter)
            .GroupBy(s => new { s.Stage, s.Bucket })
            .Select(g => new { g.Key.Stage, g.Key.Bucket, Count = g.Sum(s => s.Count), Seconds = g.Sum(s => s.Seconds) })
            .ToListAsync(ct);

        var currency = await db.Orders.AsNoTracking().OrderBy(o => o.Id).Select(o => o.Currency).FirstOrDefaultAsync(ct) ?? Money.Euro;
        var statuses = Enum.GetValues<ReturnStatus>()
            .Select(s => new StatusCount(s, returns.Where(r => r.Status == s).Sum(r => r.Count)))
            .ToList();
        var counted = returns.Where(r => !NotReturned.Contains(r.Status)).ToList();
        var resolved = counted.Where(r => r.ReachedResolved).ToList();
        DurationStats Stage(ProcessingStage stage) =>
            DurationHistogram.Stats(durations.Where(d => d.Stage == stage).Select(d => (d.Bucket, (long)d.Count, d.Seconds)));
        var kpis = new AnalyticsKpis(
            sold.Sum(s => (long)s.Units),
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
            Stage(ProcessingStage.RequestToDecision))
        {
            Settled = counted.Sum(r => r.Settled),
            SettledWithinServiceLevel = counted.Sum(r => r.WithinServiceLevel),
            SettledWithinLegalDeadline = counted.Sum(r => r.WithinLegalDeadline),
            // Every return's costs, counted or not (a cancelled one bears no label fee: ReturnCosts.LabelFeeBorne).
            Costs = new ReturnCosts(
                new Money(returns.Sum(r => r.RefundsPaid), currency),
                new Money(returns.Sum(r => r.LabelFeesBorne), currency),
                new Money(returns.Sum(r => r.WriteOffs), currency)),
        };
        return new Facts(kpis, products, returned);
    }

    protected override async Task<List<DispositionCount>> DispositionsAsync(AnalyticsPeriod period, AnalyticsFilter filter, CancellationToken ct) =>
        (await InWarehouse(Coarse(db.AnalyticsDispositionRollup, period, filter.CategoryId), filter)
            .GroupBy(s => s.Disposition)
            .Select(g => new { Disposition = g.Key, Lines = g.Sum(s => s.Lines), Units = g.Sum(s => s.Units) })
            .ToListAsync(ct))
        .Select(r => new DispositionCount(r.Disposition, r.Lines, r.Units)).ToList();

    protected override async Task<List<ProductReasonUnits>> ProductReasonUnitsAsync(
        AnalyticsPeriod period, int? categoryId, List<int> productIds, CancellationToken ct)
    {
        var from = period.From;
        var to = period.To;
        // Index (ProductId, Day): a few products' days, not the period's ~1 500 product × reason rows a day.
        return await db.AnalyticsReturnLinesDaily.AsNoTracking()
            .Where(s => productIds.Contains(s.ProductId) && s.Day >= from && s.Day < to && (categoryId == null || s.CategoryId == categoryId))
            .GroupBy(s => new { s.ProductId, s.ReasonId })
            .Select(g => new ProductReasonUnits(g.Key.ProductId, g.Key.ReasonId, g.Sum(s => s.Units)))
            .ToListAsync(ct);
    }

    protected override async Task<Dictionary<(DateOnly Week, int ReasonId), long>> WeeklyUnitsAsync(
        AnalyticsPeriod period, AnalyticsFilter filter, List<int> reasonIds, CancellationToken ct)
    {
        // The trend's reasons come from the filtered reason shares: the reason filter is already in reasonIds.
        var rows = await InWarehouse(Coarse(db.AnalyticsReasonRollup, period, filter.CategoryId, months: false), filter)
            .Where(s => reasonIds.Contains(s.ReasonId))
            .GroupBy(s => new { s.Day, s.ReasonId })
            .Select(g => new { g.Key.Day, g.Key.ReasonId, Units = g.Sum(s => s.UnitsReturned) })
            .ToListAsync(ct);
        // A week row's day is its Monday; edge day rows fall into their (partial) week.
        return rows.GroupBy(r => (Week: WeekStart(r.Day), r.ReasonId)).ToDictionary(g => g.Key, g => g.Sum(r => (long)r.Units));
    }

    /// <summary>
    /// The rows of a period: its whole months from month rows, the whole weeks before and after them from week rows and
    /// the days left at either edge from day rows (ADR 0043, 0090); index ranges of the (grain, day) key.
    /// </summary>
    private static IQueryable<T> Coarse<T>(DbSet<T> set, AnalyticsPeriod period, int? categoryId, bool months = true)
        where T : class, ICoarseRollup =>
        InPeriod(set, period, months).Where(s => categoryId == null || s.CategoryId == categoryId);

    /// <summary>
    /// The period's whole months, weeks and edge days, without a category condition (facet tables say 0 for "all").
    /// Without <paramref name="months"/>, weeks and days only (the weekly trend groups rows by week).
    /// </summary>
    private static IQueryable<T> InPeriod<T>(DbSet<T> set, AnalyticsPeriod period, bool months = true)
        where T : class, ICoarseRollup
    {
        var split = PeriodSplit.Of(period, months);
        var (from, to) = (period.From, period.To);
        var (monthsFrom, monthsTo) = (split.MonthsFrom, split.MonthsTo);
        var (headWeeksFrom, headWeeksTo) = (split.HeadWeeksFrom, split.HeadWeeksTo);
        var (tailWeeksFrom, tailWeeksTo) = (split.TailWeeksFrom, split.TailWeeksTo);
        return set.AsNoTracking()
            .Where(s => (s.Grain == RollupGrain.Month && s.Day >= monthsFrom && s.Day < monthsTo)
                || (s.Grain == RollupGrain.Week && ((s.Day >= headWeeksFrom && s.Day < headWeeksTo) || (s.Day >= tailWeeksFrom && s.Day < tailWeeksTo)))
                || (s.Grain == RollupGrain.Day && ((s.Day >= from && s.Day < headWeeksFrom) || (s.Day >= headWeeksTo && s.Day < monthsFrom)
                    || (s.Day >= monthsTo && s.Day < tailWeeksFrom) || (s.Day >= tailWeeksTo && s.Day < to))));
    }

    /// <summary>The rows of the filter's warehouse (ADR 0087).</summary>
    private static IQueryable<T> InWarehouse<T>(IQueryable<T> rows, AnalyticsFilter filter)
        where T : class, IWarehouseRollup
    {
        if (filter.WarehouseId is not { } warehouseId)
        {
            return rows;
        }
        return rows.Where(s => s.WarehouseId == warehouseId);
    }

    /// <summary>[first Monday on or after from, last Monday on or before to); empty (to, to) when no whole week fits.</summary>
    private static (DateOnly From, DateOnly To) WholeWeeks(DateOnly from, DateOnly to)
    {
        var first = WeekStart(from) == from ? from : WeekStart(from).AddDays(7);
        var last = WeekStart(to);
        return first < last ? (first, last) : (to, to);
    }

    /// <summary>
    /// A period [From, To) cut into ranges that together cover each day once: days [From, HeadWeeksFrom), weeks
    /// [HeadWeeksFrom, HeadWeeksTo), days [HeadWeeksTo, MonthsFrom), months [MonthsFrom, MonthsTo), days
    /// [MonthsTo, TailWeeksFrom), weeks [TailWeeksFrom, TailWeeksTo), days [TailWeeksTo, To). Empty ranges are (x, x).
    /// </summary>
    public sealed record PeriodSplit(
        DateOnly HeadWeeksFrom, DateOnly HeadWeeksTo, DateOnly MonthsFrom, DateOnly MonthsTo, DateOnly TailWeeksFrom, DateOnly TailWeeksTo)
    {
        /// <summary>The split of <paramref name="period"/>; without <paramref name="months"/>, no month range (weeks and days only).</summary>
        public static PeriodSplit Of(AnalyticsPeriod period, bool months = true)
        {
            ArgumentNullException.ThrowIfNull(period);
            var (from, to) = (period.From, period.To);
            var firstMonth = from.Day == 1 ? from : RollupBuilder.MonthStart(from).AddMonths(1);
            var lastMonth = RollupBuilder.MonthStart(to);
            if (!months || firstMonth >= lastMonth)
            {
                // No whole month: the whole period is the head, the tail is empty at To.
                var (weeksFrom, weeksTo) = WholeWeeks(from, to);
                return new PeriodSplit(weeksFrom, weeksTo, to, to, to, to);
            }
            var (headFrom, headTo) = WholeWeeks(from, firstMonth);
            var (tailFrom, tailTo) = WholeWeeks(lastMonth, to);
            return new PeriodSplit(headFrom, headTo, firstMonth, lastMonth, tailFrom, tailTo);
        }
    }
}
