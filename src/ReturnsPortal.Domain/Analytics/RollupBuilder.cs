using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Policies;

namespace ReturnsPortal.Domain.Analytics;

/// <summary>
/// Keeps the analytics rollups current (ADR 0041). A save that touches a return or a sale marks its day
/// (<see cref="RollupMarks"/>, from the domain events of that save: ADR 0104); <see cref="CatchUpAsync"/> recomputes the marked days from the operational
/// tables and deletes exactly the marks it read, so a mark committed meanwhile is kept for the next round. Recomputing
/// a whole day (about a thousand returns at a million a year) makes the result equal to a direct computation by
/// construction, whatever the order of concurrent saves. Call it on a context without pending changes.
/// </summary>
public sealed class RollupBuilder(ReturnsDbContext db)
{
    /// <summary>The category value of rows that count every return once.</summary>
    public const int AllCategories = 0;

    /// <summary>Our own commitment: settled within this many days of receiving the parcel.</summary>
    public const int ServiceLevelDays = 14;

    /// <summary>The law: refunded within 14 days of the withdrawal, or on receipt of the goods if later (Code de la consommation L221-24).</summary>
    public const int LegalDays = 14;

    /// <summary>How many days one pass reads at once: five weeks of returns fit comfortably in memory.</summary>
    private const int ChunkDays = 35;

    private const int MarksPerPass = 5_000;

    private static readonly SemaphoreSlim Gate = new(1, 1);

    private static readonly ReturnStatus[] NotReturned = [ReturnStatus.Cancelled, ReturnStatus.Expired];

    /// <summary>Recomputes every marked day; returns how many days were recomputed.</summary>
    public async Task<int> CatchUpAsync(CancellationToken ct)
    {
        var total = 0;
        await Gate.WaitAsync(ct);
        try
        {
            while (true)
            {
                var marks = await db.AnalyticsRollupMarks.AsNoTracking().OrderBy(m => m.Id).Take(MarksPerPass)
                    .Select(m => new { m.Id, m.Day }).ToListAsync(ct);
                if (marks.Count == 0)
                {
                    return total;
                }
                var days = marks.Select(m => m.Day).Distinct().Order().ToList();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await LockAsync(ct);
                await RecomputeAsync(days, ct);
                await BumpGenerationAsync(ct);
                var ids = marks.Select(m => m.Id).ToList();
                await db.AnalyticsRollupMarks.Where(m => ids.Contains(m.Id)).ExecuteDeleteAsync(ct);
                await transaction.CommitAsync(ct);
                total += days.Count;
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// Throws every rollup away and computes all of them again (after a bulk load, or to check the incremental path).
    /// <paramref name="bulkInsert"/> may replace EF Core's inserts (the bench writes millions of rows by COPY).
    /// </summary>
    public async Task RebuildAsync(CancellationToken ct, Action<DateOnly>? progress = null, Func<List<object>, CancellationToken, Task>? bulkInsert = null)
    {
        await Gate.WaitAsync(ct);
        try
        {
            var lastMark = await db.AnalyticsRollupMarks.MaxAsync(m => (long?)m.Id, ct) ?? 0;
            // The clearing and its generation commit together, so no cached report outlives the old rows (ADR 0088).
            await using (var clearing = await db.Database.BeginTransactionAsync(ct))
            {
                await db.AnalyticsSalesDaily.ExecuteDeleteAsync(ct);
                await db.AnalyticsReturnLinesDaily.ExecuteDeleteAsync(ct);
                await db.AnalyticsReturnsDaily.ExecuteDeleteAsync(ct);
                await db.AnalyticsDurationsDaily.ExecuteDeleteAsync(ct);
                await db.AnalyticsProductRollup.ExecuteDeleteAsync(ct);
                await db.AnalyticsCategoryRollup.ExecuteDeleteAsync(ct);
                await db.AnalyticsReasonRollup.ExecuteDeleteAsync(ct);
                await db.AnalyticsDispositionRollup.ExecuteDeleteAsync(ct);
                await BumpGenerationAsync(ct);
                await clearing.CommitAsync(ct);
            }
            var firstReturn = await db.Returns.MinAsync(r => (DateTime?)r.CreatedAt, ct);
            var lastReturn = await db.Returns.MaxAsync(r => (DateTime?)r.CreatedAt, ct);
            var firstOrder = await db.Orders.MinAsync(o => (DateTime?)o.PlacedAt, ct);
            var lastOrder = await db.Orders.MaxAsync(o => (DateTime?)o.PlacedAt, ct);
            // Dispositions count on the decision's day, which can come after the last return's creation (ADR 0047).
            var lastDecision = await db.LineDecisions.MaxAsync(d => (DateTime?)d.DecidedAt, ct);
            var bounds = new[] { firstReturn, lastReturn, firstOrder, lastOrder, lastDecision }.Where(d => d is not null).Select(d => AnalyticsPeriod.ParisDay(d!.Value)).ToList();
            if (bounds.Count > 0)
            {
                // Whole weeks per pass: each week's row is summed once, from day rows all written.
                for (var day = ReturnAnalytics.WeekStart(bounds.Min()); day <= bounds.Max(); day = day.AddDays(ChunkDays))
                {
                    var days = Enumerable.Range(0, ChunkDays).Select(day.AddDays).Where(d => d <= bounds.Max()).ToList();
                    await using var transaction = await db.Database.BeginTransactionAsync(ct);
                    await RecomputeAsync(days, ct, bulkInsert);
                    await BumpGenerationAsync(ct);
                    await transaction.CommitAsync(ct);
                    progress?.Invoke(day);
                }
            }
            await db.AnalyticsRollupMarks.Where(m => m.Id <= lastMark).ExecuteDeleteAsync(ct);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The rollups' current generation: one primary-key read (ADR 0088).</summary>
    public static Task<long> GenerationAsync(ReturnsDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.AnalyticsRollupState.AsNoTracking().Where(s => s.Id == RollupState.SingletonId).Select(s => s.Generation).SingleAsync(ct);
    }

    /// <summary>Called inside the transaction that changed rollup rows, so the new generation commits with them.</summary>
    private Task<int> BumpGenerationAsync(CancellationToken ct) =>
        db.AnalyticsRollupState.Where(s => s.Id == RollupState.SingletonId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Generation, s => s.Generation + 1), ct);

    /// <summary>Two app instances on one PostgreSQL database take turns (SQLite serialises writers anyway).</summary>
    private async Task LockAsync(CancellationToken ct)
    {
        if (db is PostgresReturnsDbContext)
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(41041)", ct);
        }
    }

    private async Task RecomputeAsync(List<DateOnly> days, CancellationToken ct, Func<List<object>, CancellationToken, Task>? bulkInsert = null)
    {
        foreach (var chunk in Chunks(days))
        {
            await db.AnalyticsSalesDaily.Where(s => chunk.Contains(s.Day)).ExecuteDeleteAsync(ct);
            await db.AnalyticsReturnLinesDaily.Where(s => chunk.Contains(s.Day)).ExecuteDeleteAsync(ct);
            await db.AnalyticsReturnsDaily.Where(s => s.Grain == RollupGrain.Day && chunk.Contains(s.Day)).ExecuteDeleteAsync(ct);
            await db.AnalyticsDurationsDaily.Where(s => s.Grain == RollupGrain.Day && chunk.Contains(s.Day)).ExecuteDeleteAsync(ct);
            await db.AnalyticsProductRollup.Where(s => s.Grain == RollupGrain.Day && chunk.Contains(s.Day)).ExecuteDeleteAsync(ct);
            await db.AnalyticsCategoryRollup.Where(s => s.Grain == RollupGrain.Day && chunk.Contains(s.Day)).ExecuteDeleteAsync(ct);
            await db.AnalyticsReasonRollup.Where(s => s.Grain == RollupGrain.Day && chunk.Contains(s.Day)).ExecuteDeleteAsync(ct);
            await db.AnalyticsDispositionRollup.Where(s => s.Grain == RollupGrain.Day && chunk.Contains(s.Day)).ExecuteDeleteAsync(ct);
            await InsertAsync(await ComputeAsync(chunk, ct), bulkInsert, ct);
        }
        // Their weeks and months (ADR 0043, 0090), summed again from their day rows (now current), in the database and
        // in the same transaction.
        foreach (var week in days.Select(ReturnAnalytics.WeekStart).Distinct().Order())
        {
            await SumAsync(RollupGrain.Week, week, week.AddDays(7), ct);
        }
        foreach (var month in days.Select(MonthStart).Distinct().Order())
        {
            await SumAsync(RollupGrain.Month, month, month.AddMonths(1), ct);
        }
    }

    /// <summary>The first day of the month of <paramref name="day"/>: the day of a month row.</summary>
    public static DateOnly MonthStart(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>Replaces the week or month row set starting at <paramref name="start"/> by the sums of its day rows (<see cref="CoarseRowsSql"/>).</summary>
    private async Task SumAsync(RollupGrain grain, DateOnly start, DateOnly end, CancellationToken ct)
    {
        await db.AnalyticsReturnsDaily.Where(s => s.Grain == grain && s.Day == start).ExecuteDeleteAsync(ct);
        await db.AnalyticsDurationsDaily.Where(s => s.Grain == grain && s.Day == start).ExecuteDeleteAsync(ct);
        await db.AnalyticsProductRollup.Where(s => s.Grain == grain && s.Day == start).ExecuteDeleteAsync(ct);
        await db.AnalyticsCategoryRollup.Where(s => s.Grain == grain && s.Day == start).ExecuteDeleteAsync(ct);
        await db.AnalyticsReasonRollup.Where(s => s.Grain == grain && s.Day == start).ExecuteDeleteAsync(ct);
        await db.AnalyticsDispositionRollup.Where(s => s.Grain == grain && s.Day == start).ExecuteDeleteAsync(ct);
        var postgres = db is PostgresReturnsDbContext;
        var startOf = grain == RollupGrain.Week
            ? postgres ? CoarseRowsSql.PostgresWeekOf : CoarseRowsSql.SqliteWeekOf
            : postgres ? CoarseRowsSql.PostgresMonthOf : CoarseRowsSql.SqliteMonthOf;
        foreach (var insert in CoarseRowsSql.Inserts(grain, startOf, """AND "Day" >= {0} AND "Day" < {1}"""))
        {
            await db.Database.ExecuteSqlRawAsync(insert, [start, end], ct);
        }
    }

    private async Task InsertAsync(List<object> rows, Func<List<object>, CancellationToken, Task>? bulkInsert, CancellationToken ct)
    {
        if (bulkInsert is not null)
        {
            await bulkInsert(rows, ct);
            return;
        }
        db.AddRange(rows);
        await db.SaveChangesAsync(ct);
        foreach (var row in rows)
        {
            db.Entry(row).State = EntityState.Detached;
        }
    }

    /// <summary>Consecutive groups of at most <see cref="ChunkDays"/> calendar days.</summary>
    private static IEnumerable<List<DateOnly>> Chunks(List<DateOnly> days)
    {
        var chunk = new List<DateOnly>();
        foreach (var day in days)
        {
            if (chunk.Count > 0 && day.DayNumber - chunk[0].DayNumber >= ChunkDays)
            {
                yield return chunk;
                chunk = [];
            }
            chunk.Add(day);
        }
        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    /// <summary>The rollup rows of these days, computed from the operational tables (the reference definitions of ADR 0040).</summary>
    public async Task<List<object>> ComputeAsync(IReadOnlyCollection<DateOnly> days, CancellationToken ct)
    {
        var wanted = days.ToHashSet();
        var fromUtc = AnalyticsPeriod.StartOfDayUtc(days.Min());
        var toUtc = AnalyticsPeriod.StartOfDayUtc(days.Max().AddDays(1));
        var rows = new List<object>();

        var sold = await (
            from line in db.OrderLines.AsNoTracking()
            join order in db.Orders.AsNoTracking() on line.OrderId equals order.Id
            where order.PlacedAt >= fromUtc && order.PlacedAt < toUtc
            select new { order.PlacedAt, line.Variant!.ProductId, line.Variant.Product!.CategoryId, line.Quantity, Value = line.Quantity * line.UnitPricePaid.Minor })
            .ToListAsync(ct);
        rows.AddRange(sold
            .Select(s => (Day: AnalyticsPeriod.ParisDay(s.PlacedAt), Sale: s))
            .Where(s => wanted.Contains(s.Day))
            .GroupBy(s => (s.Day, s.Sale.ProductId))
            .Select(g => new SalesDaily
            {
                Day = g.Key.Day,
                ProductId = g.Key.ProductId,
                CategoryId = g.First().Sale.CategoryId,
                Units = g.Sum(s => (long)s.Sale.Quantity),
                Value = g.Sum(s => s.Sale.Value),
            }));

        var soldByDay = sold
            .Select(s => (Day: AnalyticsPeriod.ParisDay(s.PlacedAt), Sale: s))
            .Where(s => wanted.Contains(s.Day))
            .ToList();
        rows.AddRange(soldByDay
            .GroupBy(s => (s.Day, s.Sale.CategoryId))
            .Select(g => new CategoryRollup
            {
                Grain = RollupGrain.Day,
                Day = g.Key.Day,
                CategoryId = g.Key.CategoryId,
                UnitsSold = g.Sum(s => s.Sale.Quantity),
                ValueSold = g.Sum(s => s.Sale.Value),
            }));

        var returns = await db.Returns.AsNoTracking()
            .Where(r => r.CreatedAt >= fromUtc && r.CreatedAt < toUtc)
            .Select(r => new ReturnFact
            {
                Id = r.Id,
                CreatedAt = r.CreatedAt,
                Status = r.Status,
                Resolution = r.Resolution,
                WarehouseId = r.WarehouseId,
                ReachedResolved = r.History.Any(h => h.To == ReturnStatus.Resolved),
                Received = r.History.Where(h => h.To == ReturnStatus.Received).Min(h => (DateTime?)h.At),
                Decided = r.History
                    .Where(h => h.To == ReturnStatus.AwaitingApproval || h.To == ReturnStatus.Resolved
                        || (h.To == ReturnStatus.Rejected && h.From == ReturnStatus.Inspected))
                    .Min(h => (DateTime?)h.At),
                Settled = db.Settlements.Where(s => s.ReturnRequestId == r.Id && s.Status != SettlementStatus.Cancelled).Min(s => s.CompletedAt),
                RefundsPaid = db.Settlements.Where(s => s.ReturnRequestId == r.Id && s.Kind == SettlementKind.Refund && s.Status == SettlementStatus.Paid).Sum(s => (long?)s.Amount.Minor),
                PolicyLabelFee = db.Set<PolicyMethodFee>().Where(f => f.PolicyId == r.PolicyId && f.Method == r.Method).Min(f => (long?)f.Fee.Minor),
                QuotedLabelFee = r.LabelFee.Minor,
                HasDecision = r.Lines.Any(l => l.Decision != null),
                DecidedLabelFee = r.Lines.Where(l => l.Decision != null).Sum(l => l.Decision!.LabelFee.Minor),
                WriteOffs = db.StockMovements.Where(m => m.Cause == StockCause.WriteOff && m.ReturnLine!.ReturnRequestId == r.Id).Sum(m => m.CostMinor),
            })
            .ToListAsync(ct);
        var byId = returns.Where(r => wanted.Contains(AnalyticsPeriod.ParisDay(r.CreatedAt))).ToDictionary(r => r.Id);
        var lines = (await (
            from line in db.ReturnLines.AsNoTracking()
            join request in db.Returns.AsNoTracking() on line.ReturnRequestId equals request.Id
            where request.CreatedAt >= fromUtc && request.CreatedAt < toUtc
            select new { line.ReturnRequestId, line.OrderLine!.Variant!.ProductId, line.OrderLine.Variant.Product!.CategoryId, line.ReasonId, line.Quantity, Value = line.Quantity * line.OrderLine.UnitPricePaid.Minor })
            .ToListAsync(ct))
            .Where(l => byId.ContainsKey(l.ReturnRequestId))
            .ToList();

        rows.AddRange(lines
            .Where(l => !NotReturned.Contains(byId[l.ReturnRequestId].Status))
            .GroupBy(l => (Day: AnalyticsPeriod.ParisDay(byId[l.ReturnRequestId].CreatedAt), l.ProductId, l.ReasonId))
            .Select(g => new ReturnLinesDaily
            {
                Day = g.Key.Day,
                ProductId = g.Key.ProductId,
                ReasonId = g.Key.ReasonId,
                CategoryId = g.First().CategoryId,
                Units = g.Sum(l => (long)l.Quantity),
                Value = g.Sum(l => l.Value),
            }));

        var counted = lines
            .Where(l => !NotReturned.Contains(byId[l.ReturnRequestId].Status))
            .Select(l => (Day: AnalyticsPeriod.ParisDay(byId[l.ReturnRequestId].CreatedAt), Line: l))
            .ToList();
        rows.AddRange(counted
            .GroupBy(l => (l.Day, l.Line.CategoryId, l.Line.ReasonId, byId[l.Line.ReturnRequestId].WarehouseId))
            .Select(g => new ReasonRollup
            {
                Grain = RollupGrain.Day,
                Day = g.Key.Day,
                CategoryId = g.Key.CategoryId,
                ReasonId = g.Key.ReasonId,
                WarehouseId = g.Key.WarehouseId,
                UnitsReturned = g.Sum(l => l.Line.Quantity),
                ValueReturned = g.Sum(l => l.Line.Value),
            }));
        var soldUnits = soldByDay.GroupBy(s => (s.Day, s.Sale.ProductId))
            .ToDictionary(g => g.Key, g => (g.First().Sale.CategoryId, Units: g.Sum(s => s.Sale.Quantity)));
        var returnedUnits = counted.GroupBy(l => (l.Day, l.Line.ProductId))
            .ToDictionary(g => g.Key, g => (g.First().Line.CategoryId, Units: g.Sum(l => l.Line.Quantity)));
        rows.AddRange(soldUnits.Keys.Union(returnedUnits.Keys).Select(key => new ProductRollup
        {
            Grain = RollupGrain.Day,
            Day = key.Day,
            ProductId = key.ProductId,
            CategoryId = soldUnits.TryGetValue(key, out var s) ? s.CategoryId : returnedUnits[key].CategoryId,
            UnitsSold = soldUnits.TryGetValue(key, out var s2) ? s2.Units : 0,
            UnitsReturned = returnedUnits.TryGetValue(key, out var r) ? r.Units : 0,
        }));

        // The disposition mix goes by the day of the decision, not of the return (ADR 0047).
        var decisions = await (
            from d in db.LineDecisions.AsNoTracking()
            join l in db.ReturnLines.AsNoTracking() on d.ReturnLineId equals l.Id
            join r in db.Returns.AsNoTracking() on l.ReturnRequestId equals r.Id
            where d.DecidedAt >= fromUtc && d.DecidedAt < toUtc
            select new { d.DecidedAt, d.Disposition, l.OrderLine!.Variant!.Product!.CategoryId, WarehouseId = r.WarehouseId, Units = l.QuantityReceived ?? 0 })
            .ToListAsync(ct);
        rows.AddRange(decisions
            .Select(d => (Day: AnalyticsPeriod.ParisDay(d.DecidedAt), Decision: d))
            .Where(d => wanted.Contains(d.Day))
            .GroupBy(d => (d.Day, d.Decision.CategoryId, d.Decision.Disposition, d.Decision.WarehouseId))
            .Select(g => new DispositionRollup
            {
                Grain = RollupGrain.Day,
                Day = g.Key.Day,
                CategoryId = g.Key.CategoryId,
                Disposition = g.Key.Disposition,
                WarehouseId = g.Key.WarehouseId,
                Lines = g.Count(),
                Units = g.Sum(d => d.Decision.Units),
            }));

        // Each return counts once overall and once in each category it has lines of.
        var categories = lines.GroupBy(l => l.ReturnRequestId).ToDictionary(g => g.Key, g => g.Select(l => l.CategoryId).Distinct().ToList());
        var facets = byId.Values.SelectMany(r =>
            new[] { AllCategories }.Concat(categories.GetValueOrDefault(r.Id) ?? []).Select(c => (Category: c, Return: r))).ToList();
        rows.AddRange(facets
            .GroupBy(f => (Day: AnalyticsPeriod.ParisDay(f.Return.CreatedAt), f.Category, f.Return.Status, f.Return.Resolution, f.Return.ReachedResolved, f.Return.WarehouseId))
            .Select(g => new ReturnsDaily
            {
                Day = g.Key.Day,
                CategoryId = g.Key.Category,
                Status = g.Key.Status,
                Resolution = g.Key.Resolution,
                ReachedResolved = g.Key.ReachedResolved,
                WarehouseId = g.Key.WarehouseId,
                Count = g.Count(),
                Settled = g.Count(f => f.Return.Settled is not null),
                SettledWithinServiceLevel = g.Count(f => f.Return.SettledWithinServiceLevel),
                SettledWithinLegalDeadline = g.Count(f => f.Return.SettledWithinLegalDeadline),
                RefundsPaid = g.Sum(f => f.Return.RefundsPaid ?? 0),
                LabelFeesBorne = g.Sum(f => ReturnCosts.LabelFeeBorne(f.Return.Status, f.Return.PolicyLabelFee, f.Return.HasDecision ? f.Return.DecidedLabelFee : f.Return.QuotedLabelFee)),
                WriteOffs = g.Sum(f => f.Return.WriteOffs ?? 0),
            }));
        rows.AddRange(facets
            .Where(f => !NotReturned.Contains(f.Return.Status))
            .SelectMany(f => f.Return.Stages().Select(s => (f.Category, f.Return.CreatedAt, f.Return.WarehouseId, Stage: s.Stage, s.Seconds)))
            .GroupBy(s => (Day: AnalyticsPeriod.ParisDay(s.CreatedAt), s.Category, s.Stage, Bucket: DurationHistogram.Bucket(s.Seconds / 3600.0), s.WarehouseId))
            .Select(g => new DurationsDaily
            {
                Day = g.Key.Day,
                CategoryId = g.Key.Category,
                Stage = g.Key.Stage,
                Bucket = g.Key.Bucket,
                WarehouseId = g.Key.WarehouseId,
                Count = g.Count(),
                Seconds = g.Sum(s => s.Seconds),
            }));
        return rows;
    }

    /// <summary>Settled within <see cref="ServiceLevelDays"/> of receiving the parcel (ADR 0041).</summary>
    public static bool WithinServiceLevel(DateTime? received, DateTime? settled) =>
        settled is { } s && received is { } r && s <= r.AddDays(ServiceLevelDays);

    /// <summary>Settled within <see cref="LegalDays"/> of the request, or by receipt when the parcel arrived later (L221-24).</summary>
    public static bool WithinLegalDeadline(DateTime created, DateTime? received, DateTime? settled)
    {
        if (settled is not { } s)
        {
            return false;
        }
        var deadline = created.AddDays(LegalDays);
        return s <= (received is { } r && r > deadline ? r : deadline);
    }

    /// <summary>A member-init class so that EF Core translates the projection.</summary>
    private sealed class ReturnFact
    {
        public int Id { get; init; }
        public DateTime CreatedAt { get; init; }
        public ReturnStatus Status { get; init; }
        public Resolution Resolution { get; init; }
        public int WarehouseId { get; init; }
        public bool ReachedResolved { get; init; }
        public DateTime? Received { get; init; }
        public DateTime? Decided { get; init; }
        public DateTime? Settled { get; init; }
        public long? RefundsPaid { get; init; }
        public long? PolicyLabelFee { get; init; }
        public long QuotedLabelFee { get; init; }
        public bool HasDecision { get; init; }
        public long DecidedLabelFee { get; init; }
        public long? WriteOffs { get; init; }

        public bool SettledWithinServiceLevel => WithinServiceLevel(Received, Settled);

        public bool SettledWithinLegalDeadline => WithinLegalDeadline(CreatedAt, Received, Settled);

        public IEnumerable<(ProcessingStage Stage, long Seconds)> Stages()
        {
            if (Received is { } received)
            {
                yield return (ProcessingStage.RequestToReceipt, Seconds(CreatedAt, received));
                if (Decided is { } decidedAfterReceipt)
                {
                    yield return (ProcessingStage.ReceiptToDecision, Seconds(received, decidedAfterReceipt));
                }
            }
            if (Decided is { } decided)
            {
                yield return (ProcessingStage.RequestToDecision, Seconds(CreatedAt, decided));
                if (Settled is { } settledAfterDecision)
                {
                    yield return (ProcessingStage.DecisionToSettlement, Seconds(decided, settledAfterDecision));
                }
            }
            if (Settled is { } settled)
            {
                yield return (ProcessingStage.RequestToSettlement, Seconds(CreatedAt, settled));
            }
        }

        private static long Seconds(DateTime from, DateTime to) => (long)Math.Round((to - from).TotalSeconds);
    }
}
