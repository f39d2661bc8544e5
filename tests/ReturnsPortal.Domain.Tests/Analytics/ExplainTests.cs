using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using ReturnsPortal.Domain.Analytics;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Analytics;

/// <summary>
/// Every query the dashboard runs, EXPLAINed on PostgreSQL with sequential scans discouraged (the test data is tiny,
/// where a scan is the cheapest plan): none may still scan the returns table, so none needs to read it whole at a
/// million returns (ADR 0041; docs/performance.md has the plans at that size).
/// </summary>
public sealed class ExplainTests(PostgresTestDatabase database) : IClassFixture<PostgresTestDatabase>
{
    private readonly FakeClock clock = new();

    [Fact]
    public async Task No_dashboard_query_scans_the_returns_table()
    {
        await using (var db = database.CreateContext(clock))
        {
            var shop = new AnalyticsShop(db, clock);
            var category = await shop.CategoryAsync("Shoes");
            var boot = await shop.ProductAsync(category, "Boot", 10_000);
            var sneaker = await shop.ProductAsync(category, "Sneaker", 5_000);
            var reason = await shop.ReasonAsync("too_small");
            await shop.WarehouseIdAsync();
            var at = new DateTime(2025, 5, 5, 10, 0, 0, DateTimeKind.Utc);
            var order = await shop.OrderAsync(at, (boot, 30), (sneaker, 100));
            await shop.ReturnAsync(order, boot, 1, reason, Resolution.Refund, at.AddDays(3), r => r.Approve("agent", at.AddDays(3)));
            // A problem product, so that its top reasons are read too (product x reason rows for candidates only).
            await shop.ReturnAsync(order, boot, 14, reason, Resolution.Refund, at.AddDays(20));
        }

        var recorder = new Recorder();
        await using var recorded = new PostgresReturnsDbContext(new DbContextOptionsBuilder<PostgresReturnsDbContext>()
            .UseNpgsql(database.ConnectionString).AddInterceptors(recorder).Options);
        var period = new AnalyticsPeriod(new DateOnly(2025, 5, 1), new DateOnly(2025, 6, 1));
        await new RollupBuilder(recorded).CatchUpAsync(CancellationToken.None);
        recorder.Commands.Clear();
        await new RollupBuilder(recorded).CatchUpAsync(CancellationToken.None);
        var report = await new RollupAnalytics(recorded).ReportAsync(period, null, CancellationToken.None);
        await new RollupAnalytics(recorded).ReportAsync(period, report.Reasons.Count > 0 ? await recorded.Categories.Select(c => c.Id).FirstAsync() : null, CancellationToken.None);
        // Filtered (ADR 0087): the same rollup reads with a reason, a resolution and a warehouse condition.
        var filtered = await new RollupAnalytics(recorded).FilteredReportAsync(
            period, new AnalyticsFilter
            {
                ReasonId = await recorded.Reasons.OrderByDescending(r => r.Id).Select(r => r.Id).FirstAsync(),
                Resolution = Resolution.Refund,
                WarehouseId = await recorded.Warehouses.OrderBy(w => w.Id).Select(w => w.Id).FirstAsync(),
            },
            CancellationToken.None);
        filtered.Current.UnitsReturned.ShouldBe(15);
        report.Current.UnitsReturned.ShouldBe(15);
        report.ProblemProducts.ShouldHaveSingleItem();
        recorder.Commands.Count.ShouldBeGreaterThan(10);

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync();
        }
        foreach (var (text, parameters) in recorder.Commands)
        {
            await using var explain = new NpgsqlCommand("EXPLAIN " + text, connection);
            explain.Parameters.AddRange(parameters.ToArray());
            var plan = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    plan.Add(reader.GetString(0));
                }
            }
            var joined = string.Join('\n', plan);
            joined.ShouldNotContain("Seq Scan on \"ReturnRequests\"", customMessage: text + "\n" + joined);
            joined.ShouldNotContain("Seq Scan on \"ReturnLines\"", customMessage: text + "\n" + joined);
            joined.ShouldNotContain("Seq Scan on \"OrderLines\"", customMessage: text + "\n" + joined);
        }
    }

    private sealed class Recorder : DbCommandInterceptor
    {
        public List<(string Text, List<NpgsqlParameter> Parameters)> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Commands.Add((command.CommandText, command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone()).ToList()));
            return ValueTask.FromResult(result);
        }
    }
}
