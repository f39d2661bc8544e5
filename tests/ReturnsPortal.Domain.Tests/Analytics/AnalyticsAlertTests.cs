using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Analytics;
using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Analytics;

/// <summary>The alert rules without a database (ADR 0045).</summary>
public sealed class AnalyticsAlertRuleTests
{
    private static AlertFigures Figures(double rate, int reasonId = 1, double share = 0.6) => new(100, (long)(rate * 100), rate, 0.1, reasonId, 10, share);

    [Theory]
    [InlineData(10, 10, true)] // at the minimum of returns, all for one reason
    [InlineData(5, 10, true)] // exactly the threshold: 50 %
    [InlineData(4, 10, false)] // 40 %
    [InlineData(9, 9, false)] // 100 % but too few returns to say anything
    [InlineData(6, 11, true)]
    [InlineData(5, 11, false)] // 45 %
    public void A_concentration_needs_enough_returns_and_half_of_them_for_one_reason(long top, long returned, bool flagged) =>
        ReasonConcentrations.IsConcentrated(top, returned).ShouldBe(flagged);

    [Theory]
    [InlineData(0.30, 0.35, true)] // +5 points: material
    [InlineData(0.30, 0.349, false)]
    [InlineData(0.30, 0.20, false)] // better
    public void A_high_return_rate_reopens_from_five_more_points(double acknowledged, double now, bool reopens) =>
        AnalyticsAlert.WorsenedMaterially(AnalyticsAlertKind.HighReturnRate, acknowledged, 1, Figures(now)).ShouldBe(reopens);

    [Theory]
    [InlineData(0.60, 0.70, 1, true)] // +10 points
    [InlineData(0.60, 0.69, 1, false)]
    [InlineData(0.60, 0.55, 2, true)] // another reason leads now: news
    public void A_concentration_reopens_from_ten_more_points_or_another_reason(double acknowledged, double share, int reasonId, bool reopens) =>
        AnalyticsAlert.WorsenedMaterially(AnalyticsAlertKind.ReasonConcentration, acknowledged, 1, Figures(0.2, reasonId, share)).ShouldBe(reopens);

    [Fact]
    public void An_acknowledged_alert_stays_acknowledged_until_it_worsens_then_reopens_with_the_new_figures()
    {
        var at = new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);
        var alert = AnalyticsAlert.Raise(7, AnalyticsAlertKind.HighReturnRate, Figures(0.30), at);
        alert.Acknowledge("manager@example.fr", "  Guide des tailles corrigé  ", at.AddHours(1));

        alert.Status.ShouldBe(AnalyticsAlertStatus.Acknowledged);
        alert.AcknowledgementNote.ShouldBe("Guide des tailles corrigé");
        Should.Throw<DomainException>(() => alert.Acknowledge("admin@example.fr", null, at.AddHours(2))).Code.ShouldBe("alert.acknowledged");

        alert.SeenAgain(Figures(0.34), at.AddDays(1)).ShouldBeFalse();
        alert.Status.ShouldBe(AnalyticsAlertStatus.Acknowledged);
        alert.Current.ReturnRate.ShouldBe(0.34);
        alert.Detected.ReturnRate.ShouldBe(0.30);
        alert.LastSeenAt.ShouldBe(at.AddDays(1));

        alert.SeenAgain(Figures(0.36), at.AddDays(2)).ShouldBeTrue();
        alert.Status.ShouldBe(AnalyticsAlertStatus.Open);
        alert.ReopenedAt.ShouldBe(at.AddDays(2));
        alert.Detected.ReturnRate.ShouldBe(0.36);
        alert.AcknowledgedBy.ShouldBe("manager@example.fr"); // still shown: who looked at it last
    }

    [Fact]
    public void A_note_longer_than_allowed_is_refused() =>
        Should.Throw<DomainException>(() => AnalyticsAlert.Raise(1, AnalyticsAlertKind.HighReturnRate, Figures(0.3), DateTime.UtcNow)
            .Acknowledge("m", new string('x', AnalyticsAlert.NoteLength + 1), DateTime.UtcNow)).Code.ShouldBe("alert.note");
}

public sealed class AnalyticsAlertDetectorTests_Sqlite(SqliteTestDatabase db) : AnalyticsAlertDetectorTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class AnalyticsAlertDetectorTests_Postgres(PostgresTestDatabase db) : AnalyticsAlertDetectorTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>
/// The detector on a planted shop: one jeans cut returned half the time (15 of its 20 returns "too small") among
/// three normal ones (2 of 40 each). Each test builds its own shop at its own time, so alerts of other tests do not mix.
/// </summary>
public abstract class AnalyticsAlertDetectorTests(TestDatabase database)
{
    private sealed record Shop(int Outlier, int[] Normal, ReturnReason TooSmall, Order OutlierOrder, ProductVariant OutlierVariant, AnalyticsShop Builder);

    private readonly FakeClock clock = new();

    private async Task<Shop> PlantedShopAsync(ReturnsPortal.Domain.Persistence.ReturnsDbContext db, DateTime now)
    {
        var shop = new AnalyticsShop(db, clock);
        var jeans = await shop.CategoryAsync("Jeans");
        var tooSmall = await shop.ReasonAsync("too_small", 1);
        var tooBig = await shop.ReasonAsync("too_big", 2);
        var outlier = await shop.ProductAsync(jeans, "Slim", 6_000);
        var order = await shop.OrderAsync(now.AddDays(-20), (outlier, 40));
        await shop.ReturnAsync(order, outlier, 15, tooSmall, Resolution.Refund, now.AddDays(-15));
        await shop.ReturnAsync(order, outlier, 5, tooBig, Resolution.Refund, now.AddDays(-14));
        var normal = new List<int>();
        foreach (var name in new[] { "Straight", "Bootcut", "Wide" })
        {
            var variant = await shop.ProductAsync(jeans, name, 6_000);
            var o = await shop.OrderAsync(now.AddDays(-20), (variant, 40));
            await shop.ReturnAsync(o, variant, 2, tooBig, Resolution.Refund, now.AddDays(-10));
            normal.Add(variant.ProductId);
        }
        clock.UtcNow = now;
        return new Shop(outlier.ProductId, [.. normal], tooSmall, order, outlier, shop);
    }

    private async Task<AlertDetection> DetectAsync(DateTime now)
    {
        await using var db = database.CreateContext(clock);
        return await new AnalyticsAlertDetector(db, new RollupBuilder(db), new RollupAnalytics(db), new ReasonConcentrations(db, new RollupBuilder(db))).DetectAsync(now, AnalyticsAlertDetector.DefaultDays, CancellationToken.None);
    }

    private async Task<List<AnalyticsAlert>> AlertsAsync(params int[] productIds)
    {
        await using var db = database.CreateContext(clock);
        return await db.AnalyticsAlerts.AsNoTracking().Where(a => productIds.Contains(a.ProductId)).OrderBy(a => a.Kind).ToListAsync();
    }

    [Fact]
    public async Task A_planted_outlier_raises_both_alerts_and_the_normal_products_none()
    {
        var now = new DateTime(2026, 1, 20, 10, 0, 0, DateTimeKind.Utc);
        Shop shop;
        await using (var db = database.CreateContext(clock))
        {
            shop = await PlantedShopAsync(db, now);
        }

        var detection = await DetectAsync(now);

        detection.Opened.ShouldBeGreaterThanOrEqualTo(2);
        var alerts = await AlertsAsync([shop.Outlier, .. shop.Normal]);
        alerts.Select(a => (a.ProductId, a.Kind)).ShouldBe(
            [(shop.Outlier, AnalyticsAlertKind.HighReturnRate), (shop.Outlier, AnalyticsAlertKind.ReasonConcentration)]);
        var rate = alerts[0];
        rate.Status.ShouldBe(AnalyticsAlertStatus.Open);
        rate.Detected.UnitsSold.ShouldBe(40);
        rate.Detected.UnitsReturned.ShouldBe(20);
        rate.Detected.ReturnRate.ShouldBe(0.5);
        rate.Detected.CategoryRate.ShouldBe(26.0 / 160);
        rate.Detected.ReasonId.ShouldBe(shop.TooSmall.Id);
        rate.FirstDetectedAt.ShouldBe(now);
        var concentration = alerts[1];
        concentration.Detected.ReasonShare.ShouldBe(0.75);
        concentration.Detected.ReasonUnits.ShouldBe(15);
        concentration.Detected.UnitsReturned.ShouldBe(20);
    }

    [Fact]
    public async Task Running_again_refreshes_the_open_alerts_without_opening_new_ones()
    {
        var now = new DateTime(2026, 4, 20, 10, 0, 0, DateTimeKind.Utc);
        Shop shop;
        await using (var db = database.CreateContext(clock))
        {
            shop = await PlantedShopAsync(db, now);
        }
        await DetectAsync(now);

        var later = now.AddDays(1);
        var second = await DetectAsync(later);

        second.Refreshed.ShouldBeGreaterThanOrEqualTo(2);
        var alerts = await AlertsAsync(shop.Outlier);
        alerts.Count.ShouldBe(2);
        alerts.ShouldAllBe(a => a.FirstDetectedAt == now && a.LastSeenAt == later && a.Status == AnalyticsAlertStatus.Open);
    }

    [Fact]
    public async Task An_acknowledged_alert_reopens_only_when_the_rate_rose_by_five_points()
    {
        var now = new DateTime(2026, 7, 20, 10, 0, 0, DateTimeKind.Utc);
        Shop shop;
        await using (var db = database.CreateContext(clock))
        {
            shop = await PlantedShopAsync(db, now);
        }
        await DetectAsync(now);
        await using (var db = database.CreateContext(clock))
        {
            foreach (var alert in await db.AnalyticsAlerts.Where(a => a.ProductId == shop.Outlier).ToListAsync())
            {
                alert.Acknowledge("manager@example.fr", "Fournisseur prévenu", now.AddHours(1));
            }
            await db.SaveChangesAsync();
        }

        // Same figures the next day: both stay acknowledged.
        await DetectAsync(now.AddDays(1));
        (await AlertsAsync(shop.Outlier)).ShouldAllBe(a => a.Status == AnalyticsAlertStatus.Acknowledged);

        // Two more "too small": 22 of 40 (+5 points) re-opens the rate; 17 of 22 (+2 points, same reason) not the concentration.
        await using (var db = database.CreateContext(clock))
        {
            var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == shop.OutlierOrder.Id);
            var reason = await db.Reasons.SingleAsync(r => r.Id == shop.TooSmall.Id);
            await new AnalyticsShop(db, clock).ReturnAsync(order, shop.OutlierVariant, 2, reason, Resolution.Refund, now.AddDays(1));
        }
        var detection = await DetectAsync(now.AddDays(2));

        detection.Reopened.ShouldBe(1);
        var alerts = await AlertsAsync(shop.Outlier);
        alerts[0].Status.ShouldBe(AnalyticsAlertStatus.Open);
        alerts[0].Current.ReturnRate.ShouldBe(0.55);
        alerts[0].ReopenedAt.ShouldBe(now.AddDays(2));
        alerts[1].Status.ShouldBe(AnalyticsAlertStatus.Acknowledged);
        alerts[1].Current.ReasonShare.ShouldBe(17.0 / 22);
    }

    [Fact]
    public async Task Concentrations_list_products_with_enough_returns_and_flag_at_half()
    {
        var now = new DateTime(2026, 10, 20, 10, 0, 0, DateTimeKind.Utc);
        Shop shop;
        await using (var db = database.CreateContext(clock))
        {
            shop = await PlantedShopAsync(db, now);
        }
        await using var read = database.CreateContext(clock);
        var today = AnalyticsPeriod.ParisDay(now);

        var rows = await new ReasonConcentrations(read, new RollupBuilder(read)).ComputeAsync(new AnalyticsPeriod(today.AddDays(-89), today.AddDays(1)), CancellationToken.None);

        var mine = rows.Where(r => r.ProductId == shop.Outlier || shop.Normal.Contains(r.ProductId)).ToList();
        mine.Count.ShouldBe(1); // the normal products have 2 returned units each: too few
        mine[0].ReasonCode.ShouldBe(shop.TooSmall.Code);
        mine[0].Share.ShouldBe(0.75);
        mine[0].IsFlagged.ShouldBeTrue();
    }
}
