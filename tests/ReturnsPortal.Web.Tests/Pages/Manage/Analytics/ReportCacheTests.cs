using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Analytics;
using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Hosting;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Manage.Analytics;

public sealed class ReportCacheTests_Sqlite(SqlitePortalFactory factory) : ReportCacheTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class ReportCacheTests_Postgres(PostgresPortalFactory factory) : ReportCacheTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>The dashboard's report cache (ADR 0088): repeated views are served from it, a saved change is never hidden by it.</summary>
public abstract class ReportCacheTests(PortalFactory factory)
{
    private AnalyticsReportCache Cache => factory.Services.GetRequiredService<AnalyticsReportCache>();

    [Fact]
    public async Task A_second_identical_view_and_its_csv_export_reuse_the_report()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");
        const string query = "from=2014-05-05&to=2014-05-12&resolution=Refund";

        await manager.GetDocumentAsync("/manage/analytics?" + query);
        var (hits, misses) = (Cache.Hits, Cache.Misses);
        await manager.GetDocumentAsync("/manage/analytics?" + query);
        using var csv = await manager.GetAsync(new Uri("/manage/analytics?handler=Csv&table=kpis&" + query, UriKind.Relative));
        // Another filter set is its own entry.
        await manager.GetDocumentAsync("/manage/analytics?from=2014-05-05&to=2014-05-12");

        csv.EnsureSuccessStatusCode();
        (Cache.Hits - hits, Cache.Misses - misses).ShouldBe((2, 1));
    }

    [Fact]
    public async Task A_return_saved_after_a_view_shows_at_the_next_view_of_the_same_filters()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");
        const string query = "/manage/analytics?from=2015-03-02&to=2015-03-09";
        var before = await manager.GetDocumentAsync(query);
        before.QuerySelector("#analytics-no-data").ShouldNotBeNull();
        (await manager.GetDocumentAsync(query)).QuerySelector("#analytics-no-data").ShouldNotBeNull();

        var placed = new DateTime(2015, 3, 3, 9, 0, 0, DateTimeKind.Utc);
        await factory.WithScopeAsync(async sp =>
        {
            // An order saved through the app's context (the save marks its day), and a return moved into that week by
            // a bulk update, as an import would, with the day marked by hand.
            var db = sp.GetRequiredService<ReturnsDbContext>();
            var key = Guid.NewGuid().ToString("N")[..6];
            var product = new Product { Code = $"CACHE-{key}", Name = "Gant", Category = await db.Categories.OrderBy(c => c.Id).FirstAsync() };
            var variant = new ProductVariant { Sku = $"CACHE-{key}-1", Price = Money.Eur(2_000) };
            product.Variants.Add(variant);
            var order = new Order { Number = $"CACHE-{key}", Email = "cache@example.fr", CustomerName = "C", Postcode = "75001", PlacedAt = placed, DeliveredAt = placed.AddDays(1) };
            order.Lines.Add(new OrderLine { Variant = variant, Quantity = 2, UnitPricePaid = variant.Price });
            db.AddRange(product, order);
            await db.SaveChangesAsync();
            var policy = await db.Policies.OrderBy(p => p.Id).FirstAsync();
            var dropOff = await db.DropOffPoints.OrderBy(d => d.Id).FirstAsync();
            var reason = await db.Reasons.OrderBy(r => r.Id).FirstAsync();
            var at = placed.AddDays(2);
            var request = ReturnRequest.Create(RmaNumber.Generate(), order, policy, [new ReturnLine(order.Lines[0].Id, 1, reason.Id, null)],
                Resolution.Refund, ReturnMethod.DropOff, dropOff.Id, await db.Warehouses.OrderBy(w => w.Id).Select(w => w.Id).FirstAsync(), "fr", "customer", at);
            db.Add(request);
            await db.SaveChangesAsync();
            await db.Returns.Where(r => r.Id == request.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.CreatedAt, at));
            db.AnalyticsRollupMarks.Add(new RollupMark { Day = AnalyticsPeriod.ParisDay(at) });
            await db.SaveChangesAsync();
            return 0;
        });
        var misses = Cache.Misses;

        var after = await manager.GetDocumentAsync(query);

        after.QuerySelector("#analytics-no-data").ShouldBeNull();
        after.QuerySelector("#kpi-cards").ShouldNotBeNull().Text().ShouldContain("Retours demandés");
        var returns = after.QuerySelectorAll("#kpis-table tbody tr")
            .Select(tr => tr.QuerySelectorAll("th, td").Select(c => c.Text()).ToList())
            .First(cells => cells[0] == "Retours demandés");
        returns[1].ShouldBe("1");
        Cache.Misses.ShouldBe(misses + 1);
    }
}

public sealed class AnalyticsReportCacheSwitchTests
{
    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 2)]
    public async Task Switched_off_every_view_computes_its_report(bool enabled, int computations)
    {
        using var cache = new AnalyticsReportCache { Enabled = enabled };
        var period = new AnalyticsPeriod(new DateOnly(2026, 10, 1), new DateOnly(2026, 11, 1));
        var report = new AnalyticsReport(period, null, null!, null!, [], [], [], [], []);
        var computed = 0;
        Task<AnalyticsReport> Compute(CancellationToken ct)
        {
            computed++;
            return Task.FromResult(report);
        }

        (await cache.GetOrComputeAsync(7, period, AnalyticsFilter.None, Compute, CancellationToken.None)).ShouldBeSameAs(report);
        (await cache.GetOrComputeAsync(7, period, AnalyticsFilter.None, Compute, CancellationToken.None)).ShouldBeSameAs(report);

        computed.ShouldBe(computations);
        (cache.Hits, cache.Misses).ShouldBe((2 - computations, computations));
    }
}
