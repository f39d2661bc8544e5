using ReturnsPortal.Domain.Analytics;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Analytics;

public sealed class ReturnAnalyticsTests_Sqlite(SqliteTestDatabase db) : ReturnAnalyticsTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class ReturnAnalyticsTests_Postgres(PostgresTestDatabase db) : ReturnAnalyticsTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>
/// Every KPI against a small shop counted by hand (the comments give the sums), on both providers.
/// Each test uses its own period, so tests sharing the database do not see each other's data.
/// </summary>
public abstract class ReturnAnalyticsTests(TestDatabase database)
{
    private readonly FakeClock clock = new();

    private static DateTime Utc(int year, int month, int day, int hour, int minute = 0) =>
        new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    /// <summary>
    /// Period [2025-03-03, 2025-03-17) Paris (UTC+1), previous period [2025-02-17, 2025-03-03).
    /// Sold: boot 3 × 100 €, sneaker 5 × 50 € (4 of them 00:30 Paris on the first day), lamp 3 × 40 € → 11 units, 670 €.
    /// Returned (not cancelled): boot 2 + boot 1 (order of the previous period), sneaker 1, lamp 1 → 5 units, 390 €.
    /// </summary>
    private async Task<(int Shoes, int Home, string Key)> HandCountedShopAsync(int year = 2025)
    {
        await using var db = database.CreateContext(clock);
        var shop = new AnalyticsShop(db, clock);
        var shoes = await shop.CategoryAsync("Shoes");
        var home = await shop.CategoryAsync("Home");
        var boot = await shop.ProductAsync(shoes, "Boot", 10_000);
        var sneaker = await shop.ProductAsync(shoes, "Sneaker", 5_000);
        var lamp = await shop.ProductAsync(home, "Lamp", 4_000);
        var tooSmall = await shop.ReasonAsync("too_small", 1);
        var tooBig = await shop.ReasonAsync("too_big", 2);
        var damaged = await shop.ReasonAsync("damaged", 3);

        var o1 = await shop.OrderAsync(Utc(year, 3, 3, 8), (boot, 2), (sneaker, 1));
        var o2 = await shop.OrderAsync(Utc(year, 3, 10, 10), (boot, 1), (lamp, 3));
        await shop.OrderAsync(Utc(year, 3, 2, 23, 30), (sneaker, 4)); // 00:30 on 3 March in Paris: inside
        await shop.OrderAsync(Utc(year, 3, 16, 23, 30), (lamp, 10)); // 00:30 on 17 March in Paris: outside
        var o5 = await shop.OrderAsync(Utc(year, 2, 20, 12), (boot, 5)); // previous period

        // Received after 48 h, decided 24 h later.
        await shop.ReturnAsync(o1, boot, 2, tooSmall, Resolution.Refund, Utc(year, 3, 4, 10), r =>
        {
            r.Approve("agent", Utc(year, 3, 4, 11));
            r.Receive("inspector", Utc(year, 3, 6, 10));
            r.CompleteInspection("inspector", Utc(year, 3, 6, 12));
            r.SubmitDecision(false, "agent", Utc(year, 3, 7, 10));
        });
        // Received after 12 h, decided 12 h later.
        await shop.ReturnAsync(o1, sneaker, 1, tooBig, Resolution.StoreCredit, Utc(year, 3, 5, 10), r =>
        {
            r.Approve("agent", Utc(year, 3, 5, 11));
            r.Receive("inspector", Utc(year, 3, 5, 22));
            r.CompleteInspection("inspector", Utc(year, 3, 6, 1));
            r.SubmitDecision(false, "agent", Utc(year, 3, 6, 10));
        });
        // Received after 24 h, no decision yet.
        await shop.ReturnAsync(o2, lamp, 1, damaged, Resolution.Exchange, Utc(year, 3, 11, 10), r =>
        {
            r.Approve("agent", Utc(year, 3, 11, 11));
            r.Receive("inspector", Utc(year, 3, 12, 10));
        });
        // Cancelled: a status count, never a returned unit.
        await shop.ReturnAsync(o2, boot, 1, tooSmall, Resolution.Refund, Utc(year, 3, 12, 9), r => r.Cancel("customer", Utc(year, 3, 12, 10)));
        // An order of the previous period returned in this one counts in this one.
        await shop.ReturnAsync(o5, boot, 1, tooSmall, Resolution.Refund, Utc(year, 3, 13, 9));
        // Previous period: 2 of the 5 boots.
        await shop.ReturnAsync(o5, boot, 2, tooSmall, Resolution.Refund, Utc(year, 2, 25, 9));
        return (shoes.Id, home.Id, shop.Key);
    }

    private async Task<AnalyticsReport> ReportAsync(AnalyticsPeriod period, int? category = null)
    {
        await using var db = database.CreateContext(clock);
        return await (await AnalyticsAsync(db)).ReportAsync(period, category, CancellationToken.None);
    }

    /// <summary>The implementation under test: the reference computation here, the rollups in <see cref="RollupReportTests"/>.</summary>
    protected virtual Task<ReturnAnalytics> AnalyticsAsync(ReturnsPortal.Domain.Persistence.ReturnsDbContext db) =>
        Task.FromResult(new ReturnAnalytics(db));

    /// <summary>Processing times: exact here; read from a histogram, the median is exact to its bucket's width.</summary>
    protected virtual void ShouldBeDuration(DurationStats actual, int count, double? mean, double? median) =>
        actual.ShouldBe(new DurationStats(count, mean, median));

    [Fact]
    public async Task Every_kpi_matches_the_hand_count()
    {
        var (_, _, key) = await HandCountedShopAsync();

        var report = await ReportAsync(new AnalyticsPeriod(new DateOnly(2025, 3, 3), new DateOnly(2025, 3, 17)));

        var k = report.Current;
        report.HasData.ShouldBeTrue();
        k.UnitsSold.ShouldBe(11);
        k.ValueSold.Minor.ShouldBe(67_000);
        k.ValueSold.Currency.ShouldBe("EUR");
        k.UnitsReturned.ShouldBe(5);
        k.ValueReturned.Minor.ShouldBe(39_000);
        k.ReturnRateUnits!.Value.ShouldBe(5.0 / 11, 1e-9);
        k.ReturnRateValue!.Value.ShouldBe(39_000.0 / 67_000, 1e-9);
        k.Returns.ShouldBe(5);
        k.ByStatus.Where(s => s.Count > 0).Select(s => (s.Status, s.Count)).OrderBy(s => s.Status).ShouldBe(
            [(ReturnStatus.Requested, 1), (ReturnStatus.Received, 1), (ReturnStatus.Resolved, 2), (ReturnStatus.Cancelled, 1)]);
        (k.Refunds, k.StoreCredits, k.Exchanges).ShouldBe((1, 1, 0));
        k.StoreCreditShare.ShouldBe(0.5);
        ShouldBeDuration(k.RequestToReceipt, 3, 28, 24);
        ShouldBeDuration(k.ReceiptToDecision, 2, 18, 18);
        ShouldBeDuration(k.RequestToDecision, 2, 48, 48);

        report.Reasons.Select(r => (r.Code, r.Units, r.Share)).ShouldBe(
            [($"damaged-{key}", 1L, 0.2), ($"too_big-{key}", 1L, 0.2), ($"too_small-{key}", 3L, 0.6)], ignoreOrder: true);
        report.Reasons[0].Code.ShouldBe($"too_small-{key}");
        report.ReasonsByCategory.Select(r => (r.CategoryCode, r.ReasonCode, r.Units, r.Share)).ShouldBe(
        [
            ($"Home-{key}", $"damaged-{key}", 1L, 1.0),
            ($"Shoes-{key}", $"too_small-{key}", 3L, 0.75),
            ($"Shoes-{key}", $"too_big-{key}", 1L, 0.25),
        ]);

        // Weeks start on Monday: 3 March (boots 2, sneaker 1) and 10 March (boot 1, lamp 1).
        report.Weekly.Where(w => w.Units > 0).Select(w => (w.WeekStart, w.ReasonCode, w.Units)).ShouldBe(
        [
            (new DateOnly(2025, 3, 3), $"too_small-{key}", 2L),
            (new DateOnly(2025, 3, 3), $"too_big-{key}", 1L),
            (new DateOnly(2025, 3, 10), $"too_small-{key}", 1L),
            (new DateOnly(2025, 3, 10), $"damaged-{key}", 1L),
        ], ignoreOrder: true);
        report.Weekly.Select(w => w.WeekStart).Distinct().ShouldBe([new DateOnly(2025, 3, 3), new DateOnly(2025, 3, 10)]);

        var p = report.Previous;
        (p.UnitsSold, p.UnitsReturned, p.ValueSold.Minor, p.ValueReturned.Minor, p.Returns).ShouldBe((5L, 2L, 50_000L, 20_000L, 1));
        p.ReturnRateUnits.ShouldBe(0.4);
        ShouldBeDuration(p.RequestToReceipt, 0, null, null);
    }

    [Fact]
    public async Task A_category_keeps_only_its_own_lines_and_returns()
    {
        // Another year than the other tests': the whole-shop figures there must not see these lines.
        var (_, home, _) = await HandCountedShopAsync(2023);

        var report = await ReportAsync(new AnalyticsPeriod(new DateOnly(2023, 3, 3), new DateOnly(2023, 3, 17)), home);

        // Lamp: 3 sold at 40 €, 1 returned; the 10 lamps of 17 March are outside.
        (report.Current.UnitsSold, report.Current.UnitsReturned, report.Current.Returns).ShouldBe((3L, 1L, 1));
        report.Current.ValueReturned.Minor.ShouldBe(4_000);
        report.Reasons.ShouldHaveSingleItem().Share.ShouldBe(1.0);
        ShouldBeDuration(report.Current.RequestToReceipt, 1, 24, 24);
    }

    [Fact]
    public async Task An_empty_period_has_no_data_and_no_rates()
    {
        var report = await ReportAsync(new AnalyticsPeriod(new DateOnly(2019, 1, 1), new DateOnly(2019, 2, 1)));

        report.HasData.ShouldBeFalse();
        report.Current.ReturnRateUnits.ShouldBeNull();
        report.Current.ReturnRateValue.ShouldBeNull();
        report.Current.StoreCreditShare.ShouldBeNull();
        report.Current.RequestToDecision.MeanHours.ShouldBeNull();
        report.Reasons.ShouldBeEmpty();
        report.ProblemProducts.ShouldBeEmpty();
    }

    /// <summary>
    /// June 2024, one category: the outlier sells 40 and gets 20 back (14 "too small"); the normal product 40 and 4; the
    /// rest 200 and 20; a tiny product 5 and 5 (100 %, but too few sales to matter). Category rate 49 / 285.
    /// </summary>
    [Fact]
    public async Task A_planted_outlier_is_a_problem_product_and_a_normal_or_tiny_one_is_not()
    {
        string key;
        await using (var db = database.CreateContext(clock))
        {
            var shop = new AnalyticsShop(db, clock);
            key = shop.Key;
            var category = await shop.CategoryAsync("Jeans");
            var outlier = await shop.ProductAsync(category, "Outlier", 7_900);
            var normal = await shop.ProductAsync(category, "Normal", 7_900);
            var rest = await shop.ProductAsync(category, "Rest", 4_900);
            var tiny = await shop.ProductAsync(category, "Tiny", 4_900);
            var tooSmall = await shop.ReasonAsync("too_small", 1);
            var other = await shop.ReasonAsync("other", 9);
            var day = Utc(2024, 6, 4, 10);
            var order = await shop.OrderAsync(day, (outlier, 40), (normal, 40), (rest, 200), (tiny, 5));
            await shop.ReturnAsync(order, outlier, 14, tooSmall, Resolution.Refund, day.AddDays(5));
            await shop.ReturnAsync(order, outlier, 6, other, Resolution.Refund, day.AddDays(6));
            await shop.ReturnAsync(order, normal, 4, tooSmall, Resolution.Refund, day.AddDays(6));
            await shop.ReturnAsync(order, rest, 20, other, Resolution.Refund, day.AddDays(7));
            await shop.ReturnAsync(order, tiny, 5, tooSmall, Resolution.Refund, day.AddDays(7));
        }

        var report = await ReportAsync(new AnalyticsPeriod(new DateOnly(2024, 6, 1), new DateOnly(2024, 7, 1)));

        var problem = report.ProblemProducts.ShouldHaveSingleItem();
        problem.Code.ShouldBe($"Outlier-{key}");
        (problem.UnitsSold, problem.UnitsReturned, problem.ReturnRate).ShouldBe((40L, 20L, 0.5));
        problem.CategoryRate.ShouldBe(49.0 / 285, 1e-9);
        problem.LowerBound.ShouldBe(Wilson.LowerBound(20, 40)!.Value);
        (problem.TopReasonCode, problem.TopReasonShare).ShouldBe(($"too_small-{key}", 0.7));
    }

    /// <summary>
    /// 2022, one category. Returns created 1 June 10:00 UTC (legal deadline 15 June 10:00):
    /// A received 3 June, settled 11 June (service level 17 June: within; legal: within);
    /// B received 4 June, settled 21 June (service level 18 June: late; legal: late);
    /// C received 21 June (parcel late), settled 23 June (service level 5 July: within; legal: by receipt 21 June, late);
    /// D received 2 June, resolved, not settled. Settled 3: within the service level 2/3, within the legal deadline 1/3.
    /// </summary>
    [Fact]
    public async Task Settlement_shares_within_the_service_level_and_the_legal_deadline_match_the_hand_count()
    {
        await using (var db = database.CreateContext(clock))
        {
            var shop = new AnalyticsShop(db, clock);
            var category = await shop.CategoryAsync("Coats");
            var coat = await shop.ProductAsync(category, "Coat", 20_000);
            var reason = await shop.ReasonAsync("too_small");
            var created = Utc(2022, 6, 1, 10);
            var order = await shop.OrderAsync(created.AddDays(-3), (coat, 8));
            foreach (var (received, settled) in new (int, int?)[] { (3, 11), (4, 21), (21, 23), (2, null) })
            {
                var request = await shop.ReturnAsync(order, coat, 1, reason, Resolution.Refund, created, r =>
                {
                    r.Approve("agent", created.AddHours(1));
                    r.Receive("inspector", Utc(2022, 6, received, 10));
                    r.CompleteInspection("inspector", Utc(2022, 6, received, 11));
                    r.SubmitDecision(false, "agent", Utc(2022, 6, received, 12));
                });
                if (settled is { } day)
                {
                    db.Add(SettledFor.Return(request, "agent", Utc(2022, 6, day, 9)));
                    await db.SaveChangesAsync();
                }
            }
        }

        var report = await ReportAsync(new AnalyticsPeriod(new DateOnly(2022, 6, 1), new DateOnly(2022, 6, 2)));

        var k = report.Current;
        (k.Returns, k.Settled, k.SettledWithinServiceLevel, k.SettledWithinLegalDeadline).ShouldBe((4, 3, 2, 1));
        k.ServiceLevelShare!.Value.ShouldBe(2.0 / 3, 1e-9);
        k.LegalDeadlineShare!.Value.ShouldBe(1.0 / 3, 1e-9);
        report.Previous.ServiceLevelShare.ShouldBeNull();
    }

    /// <summary>
    /// Costs (ADR 0047), period [2021-04-05, 2021-04-12), drop-off label fee 5 €, boot 100 € (cost 40 €), lamp 40 € (cost 15 €):
    /// R1 boot ×1 refunded, restocked: refund 95 € (100 − 5 € label), no fee borne.
    /// R2 boot ×2 wrong item (merchant fault), refunded, destroyed: refund 200 €, fee borne 5 €, write-off 2 × 40 = 80 €.
    /// R3 lamp approved, never decided, no fee quoted: fee borne 5 €. R4 lamp cancelled: nothing.
    /// R5 lamp store credit, recycled: no refund, no fee borne (5 € deducted), write-off 15 €.
    /// Total 295 + 10 + 95 = 400 €. Home only: R3 and R5 → 0 + 5 + 15 = 20 €. Previous period: one approved boot → 5 € borne.
    /// </summary>
    [Fact]
    public async Task Costs_of_returns_and_the_disposition_mix_match_the_hand_count()
    {
        int homeId;
        await using (var db = database.CreateContext(clock))
        {
            var shop = new AnalyticsShop(db, clock) { DropOffLabelFee = 500 };
            var shoes = await shop.CategoryAsync("Shoes");
            var home = await shop.CategoryAsync("Home");
            homeId = home.Id;
            var boot = await shop.ProductAsync(shoes, "Boot", 10_000, unitCost: 4_000);
            var lamp = await shop.ProductAsync(home, "Lamp", 4_000, unitCost: 1_500);
            var tooSmall = await shop.ReasonAsync("too_small");
            var wrongItem = await shop.ReasonAsync("wrong_item");
            wrongItem.IsMerchantFault = true;
            await db.SaveChangesAsync();
            var order = await shop.OrderAsync(Utc(2021, 3, 25, 9), (boot, 4), (lamp, 3));
            var lampOrder = await shop.OrderAsync(Utc(2021, 3, 26, 9), (lamp, 1));
            var r1 = await shop.ReturnAsync(order, boot, 1, tooSmall, Resolution.Refund, Utc(2021, 4, 6, 10), r => r.Approve("agent", Utc(2021, 4, 6, 11)));
            await shop.ResolveAsync(r1.Id, Disposition.Restock, Utc(2021, 4, 8, 10), settle: true);
            var r2 = await shop.ReturnAsync(order, boot, 2, wrongItem, Resolution.Refund, Utc(2021, 4, 7, 10), r => r.Approve("agent", Utc(2021, 4, 7, 11)));
            await shop.ResolveAsync(r2.Id, Disposition.Destroy, Utc(2021, 4, 9, 10), settle: true);
            await shop.ReturnAsync(order, lamp, 1, tooSmall, Resolution.StoreCredit, Utc(2021, 4, 8, 10), r => r.Approve("agent", Utc(2021, 4, 8, 11)));
            await shop.ReturnAsync(order, lamp, 1, tooSmall, Resolution.Refund, Utc(2021, 4, 9, 10), r => r.Cancel("customer", Utc(2021, 4, 9, 11)));
            var r5 = await shop.ReturnAsync(lampOrder, lamp, 1, tooSmall, Resolution.StoreCredit, Utc(2021, 4, 10, 10), r => r.Approve("agent", Utc(2021, 4, 10, 11)));
            await shop.ResolveAsync(r5.Id, Disposition.Recycle, Utc(2021, 4, 11, 10), settle: true);
            await shop.ReturnAsync(order, boot, 1, tooSmall, Resolution.Refund, Utc(2021, 3, 30, 10), r => r.Approve("agent", Utc(2021, 3, 30, 11)));
        }

        var period = new AnalyticsPeriod(new DateOnly(2021, 4, 5), new DateOnly(2021, 4, 12));
        var report = await ReportAsync(period);
        var costs = report.Current.Costs;
        (costs.RefundsPaid, costs.LabelFeesBorne, costs.WriteOffs, costs.Total)
            .ShouldBe((Money.Eur(29_500), Money.Eur(1_000), Money.Eur(9_500), Money.Eur(40_000)));
        report.Previous.Costs.ShouldBe(new ReturnCosts(Money.Eur(0), Money.Eur(500), Money.Eur(0)));

        // Disposition mix, by decision day: R1 restocked (1 line, 1 unit), R2 destroyed (1 line, 2 units), R5 recycled (1, 1).
        report.Dispositions.Select(d => d.Disposition).ShouldBe(Enum.GetValues<Disposition>());
        report.Dispositions.Where(d => d.Lines > 0).Select(d => (d.Disposition, d.Lines, d.Units))
            .ShouldBe([(Disposition.Restock, 1L, 1L), (Disposition.Recycle, 1L, 1L), (Disposition.Destroy, 1L, 2L)], ignoreOrder: true);

        var homeReport = await ReportAsync(period, homeId);
        var homeCosts = homeReport.Current.Costs;
        (homeCosts.RefundsPaid, homeCosts.LabelFeesBorne, homeCosts.WriteOffs, homeCosts.Total).ShouldBe((Money.Eur(0), Money.Eur(500), Money.Eur(1_500), Money.Eur(2_000)));
        homeReport.Dispositions.Where(d => d.Lines > 0).Select(d => (d.Disposition, d.Lines, d.Units)).ShouldBe([(Disposition.Recycle, 1L, 1L)]);
        // 9 April alone: R2 was decided that day (created on the 7th); R4, created that day, was cancelled.
        var decisionDay = await ReportAsync(new AnalyticsPeriod(new DateOnly(2021, 4, 9), new DateOnly(2021, 4, 10)));
        decisionDay.Dispositions.Where(d => d.Lines > 0).Select(d => (d.Disposition, d.Lines, d.Units)).ShouldBe([(Disposition.Destroy, 1L, 2L)]);
    }

    /// <summary>
    /// Filters (ADR 0087), period [year-03-02, year-03-16), previous [year-02-17 or so, year-03-02); boot 100 €, sneaker 50 €.
    /// Sold: 4 boots + 4 sneakers = 8 units, 600 €. Returns:
    /// A boot ×2 too small, refund, received after 24 h and restocked, refund of 200 € paid;
    /// B sneaker ×1 damaged, store credit, received after 36 h and destroyed, not settled;
    /// C boot ×1 damaged, refund, approved; D sneaker ×2 too small, exchange, requested.
    /// Previous period: 2 boots sold, 1 returned too small, refund, requested.
    /// With <paramref name="routed"/>: A and C go to a second warehouse, B to the default one, D and the previous
    /// period's return are never routed (so the default warehouse's).
    /// </summary>
    private async Task<(int TooSmall, int Damaged, string Key, int Default, int Other)> FilterShopAsync(int year, bool routed = false)
    {
        await using var db = database.CreateContext(clock);
        var shop = new AnalyticsShop(db, clock);
        var shoes = await shop.CategoryAsync("Shoes");
        var boot = await shop.ProductAsync(shoes, "Boot", 10_000);
        var sneaker = await shop.ProductAsync(shoes, "Sneaker", 5_000);
        var tooSmall = await shop.ReasonAsync("too_small", 1);
        var damaged = await shop.ReasonAsync("damaged", 2);
        var order = await shop.OrderAsync(Utc(year, 3, 2, 10), (boot, 4), (sneaker, 4));
        var previous = await shop.OrderAsync(Utc(year, 2, 20, 10), (boot, 2));
        var (main, other) = routed ? (await shop.WarehouseIdAsync(), await shop.OtherWarehouseAsync()) : (0, 0);
        void Route(ReturnRequest r, int warehouse)
        {
            if (routed)
            {
                r.RouteTo(warehouse);
            }
        }

        var a = await shop.ReturnAsync(order, boot, 2, tooSmall, Resolution.Refund, Utc(year, 3, 3, 10), r =>
        {
            Route(r, other);
            r.Approve("agent", Utc(year, 3, 3, 11));
        });
        await shop.ResolveAsync(a.Id, Disposition.Restock, Utc(year, 3, 4, 10), settle: true);
        var b = await shop.ReturnAsync(order, sneaker, 1, damaged, Resolution.StoreCredit, Utc(year, 3, 4, 10), r =>
        {
            Route(r, main);
            r.Approve("agent", Utc(year, 3, 4, 11));
        });
        await shop.ResolveAsync(b.Id, Disposition.Destroy, Utc(year, 3, 5, 22), settle: false);
        await shop.ReturnAsync(order, boot, 1, damaged, Resolution.Refund, Utc(year, 3, 5, 10), r =>
        {
            Route(r, other);
            r.Approve("agent", Utc(year, 3, 5, 11));
        });
        await shop.ReturnAsync(order, sneaker, 2, tooSmall, Resolution.Exchange, Utc(year, 3, 6, 10));
        await shop.ReturnAsync(previous, boot, 1, tooSmall, Resolution.Refund, Utc(year, 2, 25, 10));
        return (tooSmall.Id, damaged.Id, shop.Key, main, other);
    }

    /// <summary>Each test its own year: they share the database.</summary>
    private async Task<AnalyticsReport> FilteredAsync(int year, AnalyticsFilter filter)
    {
        await using var db = database.CreateContext(clock);
        return await (await AnalyticsAsync(db)).FilteredReportAsync(new AnalyticsPeriod(new DateOnly(year, 3, 2), new DateOnly(year, 3, 16)), filter, CancellationToken.None);
    }

    [Fact]
    public async Task The_reason_filter_narrows_the_returned_lines_only_and_withholds_the_rates()
    {
        var (tooSmall, damaged, key, _, _) = await FilterShopAsync(2020);

        var all = await FilteredAsync(2020, AnalyticsFilter.None);
        (all.Current.UnitsSold, all.Current.UnitsReturned, all.Current.ValueReturned.Minor, all.Current.Returns).ShouldBe((8L, 6L, 45_000L, 4));
        all.Current.ReturnRateUnits.ShouldBe(0.75);

        var small = await FilteredAsync(2020, new AnalyticsFilter { ReasonId = tooSmall });
        var k = small.Current;
        // A 2 boots + D 2 sneakers: 4 units, 300 €; sales are not narrowed, so no rate.
        (k.UnitsSold, k.UnitsReturned, k.ValueReturned.Minor).ShouldBe((8L, 4L, 30_000L));
        k.ReturnRateUnits.ShouldBeNull();
        k.ReturnRateValue.ShouldBeNull();
        small.Reasons.Select(r => (r.Code, r.Units, r.Share)).ShouldBe([($"too_small-{key}", 4L, 1.0)]);
        small.Weekly.Where(w => w.Units > 0).Select(w => (w.WeekStart, w.ReasonCode, w.Units)).ShouldBe([(new DateOnly(2020, 3, 2), $"too_small-{key}", 4L)]);
        // Not narrowed: the returns' counts, resolutions, times, dispositions.
        (k.Returns, k.Refunds, k.StoreCredits, k.Settled).ShouldBe((4, 1, 1, 1));
        ShouldBeDuration(k.RequestToReceipt, 2, 30, 30);
        small.Dispositions.Sum(d => d.Lines).ShouldBe(2);
        // The previous period, narrowed the same way: its one boot too small.
        (small.Previous.UnitsSold, small.Previous.UnitsReturned, small.Previous.Returns).ShouldBe((2L, 1L, 1));
        small.Previous.ReturnRateUnits.ShouldBeNull();

        var hurt = await FilteredAsync(2020, new AnalyticsFilter { ReasonId = damaged });
        (hurt.Current.UnitsReturned, hurt.Current.ValueReturned.Minor).ShouldBe((2L, 15_000L));
        hurt.Previous.UnitsReturned.ShouldBe(0);
    }

    [Fact]
    public async Task The_resolution_filter_narrows_the_returns_counts_settlements_and_costs_only()
    {
        await FilterShopAsync(2017);

        var refund = await FilteredAsync(2017, new AnalyticsFilter { Resolution = Resolution.Refund });
        var k = refund.Current;
        // A (resolved, settled 200 €) and C (approved).
        (k.Returns, k.Refunds, k.StoreCredits, k.Exchanges, k.Settled).ShouldBe((2, 1, 0, 0, 1));
        k.ByStatus.Where(s => s.Count > 0).Select(s => (s.Status, s.Count)).OrderBy(s => s.Status)
            .ShouldBe([(ReturnStatus.Approved, 1), (ReturnStatus.Resolved, 1)]);
        k.Costs.RefundsPaid.Minor.ShouldBe(20_000);
        // Not narrowed: units (neither side of the rate), processing times, dispositions.
        (k.UnitsSold, k.UnitsReturned).ShouldBe((8L, 6L));
        k.ReturnRateUnits.ShouldBe(0.75);
        ShouldBeDuration(k.RequestToReceipt, 2, 30, 30);
        refund.Dispositions.Sum(d => d.Lines).ShouldBe(2);
        refund.Previous.Returns.ShouldBe(1);

        var credit = await FilteredAsync(2017, new AnalyticsFilter { Resolution = Resolution.StoreCredit });
        (credit.Current.Returns, credit.Current.Refunds, credit.Current.StoreCredits, credit.Current.Settled).ShouldBe((1, 0, 1, 0));
        credit.Current.Costs.RefundsPaid.Minor.ShouldBe(0);
        credit.Current.StoreCreditShare.ShouldBe(1.0);
        credit.Previous.Returns.ShouldBe(0);

        var exchange = await FilteredAsync(2017, new AnalyticsFilter { Resolution = Resolution.Exchange });
        exchange.Current.ByStatus.Where(s => s.Count > 0).Select(s => (s.Status, s.Count)).ShouldBe([(ReturnStatus.Requested, 1)]);
    }

    [Fact]
    public async Task The_warehouse_filter_narrows_everything_from_returns_and_not_the_sales_nor_the_problem_products()
    {
        var (_, _, _, main, other) = await FilterShopAsync(2014, routed: true);

        // The second warehouse: A (2 boots, resolved, restocked, 200 € refunded) and C (1 boot, approved).
        var lille = await FilteredAsync(2014, new AnalyticsFilter { WarehouseId = other });
        var k = lille.Current;
        (k.UnitsSold, k.UnitsReturned, k.ValueReturned.Minor, k.Returns, k.Refunds, k.StoreCredits, k.Settled).ShouldBe((8L, 3L, 30_000L, 2, 1, 0, 1));
        k.ReturnRateUnits.ShouldBeNull();
        k.Costs.RefundsPaid.Minor.ShouldBe(20_000);
        ShouldBeDuration(k.RequestToReceipt, 1, 24, 24);
        lille.Dispositions.Where(d => d.Lines > 0).Select(d => (d.Disposition, d.Lines, d.Units)).ShouldBe([(Disposition.Restock, 1L, 2L)]);
        lille.Reasons.Sum(r => r.Units).ShouldBe(3);
        (lille.Previous.UnitsSold, lille.Previous.UnitsReturned, lille.Previous.Returns).ShouldBe((2L, 0L, 0));

        // The default warehouse: B (1 sneaker) routed to it, D (2 sneakers) and the previous period's return never routed: 150 €.
        var byDefault = await FilteredAsync(2014, new AnalyticsFilter { WarehouseId = main });
        k = byDefault.Current;
        (k.UnitsReturned, k.ValueReturned.Minor, k.Returns, k.Refunds, k.StoreCredits, k.Settled).ShouldBe((3L, 15_000L, 2, 0, 1, 0));
        ShouldBeDuration(k.RequestToReceipt, 1, 36, 36);
        byDefault.Dispositions.Where(d => d.Lines > 0).Select(d => (d.Disposition, d.Lines, d.Units)).ShouldBe([(Disposition.Destroy, 1L, 1L)]);
        (byDefault.Previous.UnitsReturned, byDefault.Previous.Returns).ShouldBe((1L, 1));

        // Together with a resolution: the default warehouse's store credits only.
        var both = await FilteredAsync(2014, new AnalyticsFilter { WarehouseId = main, Resolution = Resolution.StoreCredit });
        (both.Current.Returns, both.Current.StoreCredits).ShouldBe((1, 1));
    }
}
