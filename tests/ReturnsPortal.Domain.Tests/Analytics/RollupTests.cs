using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Analytics;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Analytics;

public sealed class RollupReportTests_Sqlite(SqliteTestDatabase db) : RollupReportTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class RollupReportTests_Postgres(PostgresTestDatabase db) : RollupReportTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>Every hand-counted KPI of <see cref="ReturnAnalyticsTests"/> again, read from the rollups the saves marked.</summary>
public abstract class RollupReportTests(TestDatabase database) : ReturnAnalyticsTests(database)
{
    protected override async Task<ReturnAnalytics> AnalyticsAsync(ReturnsDbContext db)
    {
        await new RollupBuilder(db).CatchUpAsync(CancellationToken.None);
        return new RollupAnalytics(db);
    }

    protected override void ShouldBeDuration(DurationStats actual, int count, double? mean, double? median)
    {
        actual.Count.ShouldBe(count);
        if (mean is null || median is null)
        {
            actual.MeanHours.ShouldBeNull();
            actual.MedianHours.ShouldBeNull();
            return;
        }
        actual.MeanHours!.Value.ShouldBe(mean.Value, 0.01);
        // Two middle values may sit in different buckets: within the widest bucket below a week.
        actual.MedianHours!.Value.ShouldBe(median.Value, 6);
    }
}

public sealed class RollupConsistencyTests_Sqlite(SqliteTestDatabase db) : RollupConsistencyTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class RollupConsistencyTests_Postgres(PostgresTestDatabase db) : RollupConsistencyTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>
/// After random inserts, status moves, cancellations, expiries, settlements and order edits, saved through the app's
/// contexts and caught up incrementally in several rounds, the rollups equal a rebuild from scratch, and the report
/// read from them equals the reference computation.
/// </summary>
public abstract class RollupConsistencyTests(TestDatabase database)
{
    private readonly FakeClock clock = new();

    [Fact]
    public async Task Incremental_rollups_equal_a_direct_computation_after_random_changes()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var start = new DateTime(2025, 9, 1, 8, 0, 0, DateTimeKind.Utc);
        var returnIds = new List<int>();
        int mainWarehouse, otherWarehouse;
        await using (var db = database.CreateContext(clock))
        {
            var shop = new AnalyticsShop(db, clock) { DropOffLabelFee = 500 };
            // Returns routed to either warehouse, or never routed (the default one's): ADR 0087.
            (mainWarehouse, otherWarehouse) = (await shop.WarehouseIdAsync(), await shop.OtherWarehouseAsync());
            int?[] routes = [null, mainWarehouse, otherWarehouse];
            var shoes = await shop.CategoryAsync("Shoes");
            var home = await shop.CategoryAsync("Home");
            var variants = new[]
            {
                await shop.ProductAsync(shoes, "Boot", 10_000, 4_000), await shop.ProductAsync(shoes, "Sneaker", 5_000, 2_000),
                await shop.ProductAsync(home, "Lamp", 4_000, 1_500), await shop.ProductAsync(home, "Vase", 2_500),
            };
            var reasons = new[] { await shop.ReasonAsync("too_small", 1), await shop.ReasonAsync("damaged", 2), await shop.ReasonAsync("other", 3) };
            for (var i = 0; i < 30; i++)
            {
                var placed = start.AddHours(random.Next(0, 24 * 20));
                var lines = variants.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).Select(v => (v, random.Next(1, 4))).ToArray();
                var order = await shop.OrderAsync(placed, lines);
                foreach (var (variant, quantity) in lines.Where(_ => random.NextDouble() < 0.6))
                {
                    var at = placed.AddHours(random.Next(1, 24 * 6));
                    var request = await shop.ReturnAsync(order, variant, random.Next(1, quantity + 1), reasons[random.Next(reasons.Length)],
                        (Resolution)random.Next(3), at, routes[random.Next(routes.Length)] is { } route ? r => r.RouteTo(route) : null);
                    returnIds.Add(request.Id);
                }
                if (random.NextDouble() < 0.3)
                {
                    await new RollupBuilder(db).CatchUpAsync(CancellationToken.None);
                }
            }
        }

        // Moves in fresh contexts (returns loaded, not created, in the context that saves them).
        var settled = new HashSet<int>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var id in returnIds.Where(_ => random.NextDouble() < 0.5))
            {
                await using var db = database.CreateContext(clock);
                var request = await db.Returns.Include(r => r.Order).Include(r => r.Policy).Include(r => r.Lines).SingleAsync(r => r.Id == id);
                var at = request.UpdatedAt.AddHours(random.Next(1, 80));
                clock.UtcNow = at;
                Advance(request, random, at);
                await db.SaveChangesAsync();
                if (request.Status == ReturnStatus.Resolved && random.NextDouble() < 0.7 && settled.Add(id))
                {
                    // The settlement alone, saved by a context that does not track its return: the mark reads the day.
                    await using var other = database.CreateContext(clock);
                    other.Add(SettledFor.Return(request, "agent", at.AddHours(random.Next(1, 400))));
                    await other.SaveChangesAsync();
                }
            }
            await using (var db = database.CreateContext(clock))
            {
                // An order edited after the fact: a line removed from an order, through the order (ADR 0104).
                var line = await db.OrderLines.Where(l => !db.ReturnLines.Any(r => r.OrderLineId == l.Id)).OrderBy(l => l.Id).Skip(round).FirstOrDefaultAsync();
                if (line is not null)
                {
                    var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == line.OrderId);
                    order.RemoveLine(line);
                    await db.SaveChangesAsync();
                }
                if (round < 2)
                {
                    await new RollupBuilder(db).CatchUpAsync(CancellationToken.None);
                }
            }
        }

        // Costs (ADR 0047): approved returns decided line by line with a random disposition (write-offs for Destroy and
        // Recycle), some settled; then write-offs posted on their own, by a context that tracks neither line nor return.
        var dispositions = new[] { Disposition.Restock, Disposition.Destroy, Disposition.Recycle };
        foreach (var id in returnIds.Where(_ => random.NextDouble() < 0.6))
        {
            await using var db = database.CreateContext(clock);
            var request = await db.Returns.AsNoTracking().Where(r => r.Id == id).Select(r => new { r.Status, r.UpdatedAt }).SingleAsync();
            if (request.Status == ReturnStatus.Approved && settled.Add(id))
            {
                await new AnalyticsShop(db, clock).ResolveAsync(id, dispositions[random.Next(dispositions.Length)],
                    request.UpdatedAt.AddHours(random.Next(1, 80)), settle: random.NextDouble() < 0.7);
            }
        }
        foreach (var line in await CountedLinesAsync(returnIds.Where(_ => random.NextDouble() < 0.2).ToList()))
        {
            await using var db = database.CreateContext(clock);
            var warehouseId = await new AnalyticsShop(db, clock).WarehouseIdAsync();
            var key = $"test-wo:{line.Id}";
            await new StockLedger(db).PostAsync(
            [
                StockChanges.Adjust(line.VariantId, warehouseId, StockBucket.Quarantine, 1, "test", "test", key + ":in"),
                new StockChange(line.VariantId, warehouseId, StockBucket.Quarantine, -1, 0, StockCause.WriteOff, key, "test", line.Id,
                    UnitCost: Money.Eur(random.Next(100, 3_000))),
            ], clock.UtcNow.UtcDateTime, CancellationToken.None);
            await db.SaveChangesAsync();
        }

        await using var check = database.CreateContext(clock);
        await new RollupBuilder(check).CatchUpAsync(CancellationToken.None);
        (await check.AnalyticsRollupMarks.CountAsync()).ShouldBe(0);
        var incremental = await SnapshotAsync(check);
        incremental.ShouldNotBeEmpty();
        // Whole weeks and edge days (1 Sept is a Monday, 15 Oct a Wednesday), a period inside a week, one starting
        // mid-week, and a category: every one read from the rollups equals the reference computation.
        var bootCategory = await check.Products.Where(p => p.Name == "Boot").Select(p => p.CategoryId).FirstAsync();
        var period = new AnalyticsPeriod(new DateOnly(2025, 9, 1), new DateOnly(2025, 10, 15));
        var fromRollups = await new RollupAnalytics(check).ReportAsync(period, null, CancellationToken.None);
        var reference = await new ReturnAnalytics(check).ReportAsync(period, null, CancellationToken.None);
        foreach (var (other, category) in new (AnalyticsPeriod, int?)[]
        {
            (new AnalyticsPeriod(new DateOnly(2025, 9, 3), new DateOnly(2025, 9, 26)), null),
            (new AnalyticsPeriod(new DateOnly(2025, 9, 9), new DateOnly(2025, 9, 12)), null),
            // Month rows (ADR 0090): edge days, September, a whole week and days; weeks and days, October, days.
            (new AnalyticsPeriod(new DateOnly(2025, 8, 28), new DateOnly(2025, 10, 14)), null),
            (new AnalyticsPeriod(new DateOnly(2025, 9, 8), new DateOnly(2025, 11, 3)), bootCategory),
            (period, bootCategory),
        })
        {
            Comparable(await new RollupAnalytics(check).ReportAsync(other, category, CancellationToken.None))
                .ShouldBe(Comparable(await new ReturnAnalytics(check).ReportAsync(other, category, CancellationToken.None)), $"seed {seed}, {other.From}..{other.To}, {category}");
        }
        // The filters of ADR 0087, alone and together, read from the rollups equal the reference's semantics.
        var reasonId = await check.Reasons.Where(r => r.Code.StartsWith("too_small-")).OrderByDescending(r => r.Id).Select(r => r.Id).FirstAsync();
        foreach (var filter in new[]
        {
            new AnalyticsFilter { ReasonId = reasonId },
            new AnalyticsFilter { Resolution = Resolution.Refund },
            new AnalyticsFilter { CategoryId = bootCategory, ReasonId = reasonId, Resolution = Resolution.StoreCredit },
            new AnalyticsFilter { WarehouseId = mainWarehouse },
            new AnalyticsFilter { WarehouseId = otherWarehouse, Resolution = Resolution.Refund },
            new AnalyticsFilter { CategoryId = bootCategory, WarehouseId = otherWarehouse, ReasonId = reasonId },
        })
        {
            Comparable(await new RollupAnalytics(check).FilteredReportAsync(period, filter, CancellationToken.None))
                .ShouldBe(Comparable(await new ReturnAnalytics(check).FilteredReportAsync(period, filter, CancellationToken.None)), $"seed {seed}, {filter}");
        }

        await new RollupBuilder(check).RebuildAsync(CancellationToken.None);
        var rebuilt = await SnapshotAsync(check);

        incremental.ShouldBe(rebuilt, $"seed {seed}");
        (await check.AnalyticsDurationsDaily.CountAsync(r => r.Grain == RollupGrain.Month)).ShouldBeGreaterThan(0, $"seed {seed}");
        Comparable(fromRollups).ShouldBe(Comparable(reference), $"seed {seed}");
        // The random costs are there to compare: label fees borne and write-offs (posted with the decisions or alone).
        reference.Current.Costs.LabelFeesBorne.Minor.ShouldBeGreaterThan(0, $"seed {seed}");
        reference.Current.Costs.WriteOffs.Minor.ShouldBeGreaterThan(0, $"seed {seed}");
        reference.Dispositions.Sum(d => d.Lines).ShouldBeGreaterThan(0, $"seed {seed}");
        fromRollups.Current.RequestToDecision.Count.ShouldBe(reference.Current.RequestToDecision.Count);
        (fromRollups.Current.RequestToDecision.MeanHours ?? 0).ShouldBe(reference.Current.RequestToDecision.MeanHours ?? 0, 0.01);
    }

    /// <summary>Moves a return one or two random legal steps, as the app would.</summary>
    private static void Advance(ReturnRequest request, Random random, DateTime at)
    {
        switch (request.Status)
        {
            case ReturnStatus.Requested when random.NextDouble() < 0.2:
                request.Cancel("customer", at);
                break;
            case ReturnStatus.Requested:
                request.Approve("agent", at);
                break;
            case ReturnStatus.Approved when random.NextDouble() < 0.2:
                request.Expire(at);
                break;
            case ReturnStatus.Approved:
                request.Receive("inspector", at);
                break;
            case ReturnStatus.Received:
                request.CompleteInspection("inspector", at);
                break;
            case ReturnStatus.Inspected when random.NextDouble() < 0.2:
                request.Reject("damaged on purpose", "agent", at);
                break;
            case ReturnStatus.Inspected:
                request.SubmitDecision(false, "agent", at);
                break;
            default:
                break;
        }
    }

    private static string Comparable(AnalyticsReport report) => System.Text.Json.JsonSerializer.Serialize(new
    {
        Current = report.Current with { RequestToReceipt = null!, ReceiptToDecision = null!, RequestToDecision = null! },
        Previous = report.Previous with { RequestToReceipt = null!, ReceiptToDecision = null!, RequestToDecision = null! },
        report.Reasons,
        report.ReasonsByCategory,
        report.Weekly,
        report.ProblemProducts,
        report.Dispositions,
    });

    private async Task<List<(int Id, int VariantId)>> CountedLinesAsync(List<int> returnIds)
    {
        await using var db = database.CreateContext(clock);
        return (await db.ReturnLines.AsNoTracking().Where(l => returnIds.Contains(l.ReturnRequestId))
            .Select(l => new { l.Id, l.OrderLine!.VariantId }).ToListAsync()).Select(l => (l.Id, l.VariantId)).ToList();
    }

    private static async Task<List<string>> SnapshotAsync(ReturnsDbContext db)
    {
        var rows = new List<string>();
        rows.AddRange((await db.AnalyticsSalesDaily.AsNoTracking().ToListAsync()).Select(r => $"S {r.Day} {r.ProductId} {r.CategoryId} {r.Units} {r.Value}"));
        rows.AddRange((await db.AnalyticsReturnLinesDaily.AsNoTracking().ToListAsync()).Select(r => $"L {r.Day} {r.ProductId} {r.ReasonId} {r.CategoryId} {r.Units} {r.Value}"));
        rows.AddRange((await db.AnalyticsReturnsDaily.AsNoTracking().ToListAsync()).Select(r =>
            $"R {r.Grain} {r.Day} {r.CategoryId} {r.Status} {r.Resolution} {r.ReachedResolved} {r.WarehouseId} {r.Count} {r.Settled} {r.SettledWithinServiceLevel} {r.SettledWithinLegalDeadline} {r.RefundsPaid} {r.LabelFeesBorne} {r.WriteOffs}"));
        rows.AddRange((await db.AnalyticsDurationsDaily.AsNoTracking().ToListAsync()).Select(r => $"D {r.Grain} {r.Day} {r.CategoryId} {r.Stage} {r.Bucket} {r.WarehouseId} {r.Count} {r.Seconds}"));
        rows.AddRange((await db.AnalyticsProductRollup.AsNoTracking().ToListAsync()).Select(r => $"P {r.Grain} {r.Day} {r.ProductId} {r.CategoryId} {r.UnitsSold} {r.UnitsReturned}"));
        rows.AddRange((await db.AnalyticsCategoryRollup.AsNoTracking().ToListAsync()).Select(r => $"C {r.Grain} {r.Day} {r.CategoryId} {r.UnitsSold} {r.ValueSold}"));
        rows.AddRange((await db.AnalyticsReasonRollup.AsNoTracking().ToListAsync()).Select(r => $"E {r.Grain} {r.Day} {r.CategoryId} {r.ReasonId} {r.WarehouseId} {r.UnitsReturned} {r.ValueReturned}"));
        rows.AddRange((await db.AnalyticsDispositionRollup.AsNoTracking().ToListAsync()).Select(r => $"X {r.Grain} {r.Day} {r.CategoryId} {r.Disposition} {r.WarehouseId} {r.Lines} {r.Units}"));
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
