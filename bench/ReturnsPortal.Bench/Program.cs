using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using ReturnsPortal.Bench;
using ReturnsPortal.Domain.Analytics;
using ReturnsPortal.Domain.Persistence;

// The analytics bench (docs/performance.md):
//   dotnet run -c Release --project bench/ReturnsPortal.Bench -- generate [returns]   migrate, fill by COPY, build the rollups
//   dotnet run -c Release --project bench/ReturnsPortal.Bench -- rollups              rebuild the rollups only
//   dotnet run -c Release --project bench/ReturnsPortal.Bench -- explain [days]       EXPLAIN ANALYZE every dashboard query
// The connection string comes from BENCH_DB (bench/start-postgres.sh prints one).
var command = args.Length > 0 ? args[0] : "generate";
var connectionString = Environment.GetEnvironmentVariable("BENCH_DB")
    ?? "Host=127.0.0.1;Port=55441;Username=postgres;Database=returnsbench;Pooling=true;Maximum Pool Size=100";
var recorder = new CommandRecorder();
await using var db = new PostgresReturnsDbContext(new DbContextOptionsBuilder<PostgresReturnsDbContext>()
    .UseNpgsql(connectionString, o => o.CommandTimeout(0))
    // Data comes in by COPY and the rollups are rebuilt (RebuildAsync): no domain events, no rollup marks here.
    .AddInterceptors(recorder)
    .Options);
var clock = Stopwatch.StartNew();

switch (command)
{
    case "generate":
        await db.Database.MigrateAsync();
        if (await db.Orders.AnyAsync())
        {
            Console.WriteLine("The database already holds orders: drop it first (DROP DATABASE returnsbench) to generate again.");
            return 1;
        }
        var returns = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
        await new Generator(connectionString, db, returns).RunAsync();
        await RebuildAsync();
        return 0;
    case "rollups":
        await RebuildAsync();
        return 0;
    case "explain":
        var days = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 30;
        var today = AnalyticsPeriod.ParisDay(DateTime.UtcNow);
        var period = new AnalyticsPeriod(today.AddDays(1 - days), today.AddDays(1));
        recorder.Commands.Clear();
        recorder.Recording = true;
        var report = await new RollupAnalytics(db).ReportAsync(period, null, CancellationToken.None);
        // The page's one query outside the rollups (ADR 0037): goodwill returns on their (IsGoodwill, CreatedAt) index.
        var goodwill = await GoodwillReturns.InPeriodAsync(db, period, CancellationToken.None);
        recorder.Recording = false;
        Console.WriteLine($"report {period.From}..{period.To}: {report.Current.UnitsSold} sold, {report.Current.UnitsReturned} returned, "
            + $"{report.Current.Returns} returns, {report.ProblemProducts.Count} problem products, {goodwill.Returns} goodwill returns");
        var costs = report.Current.Costs;
        Console.WriteLine($"costs (minor units): refunds {costs.RefundsPaid.Minor}, label fees borne {costs.LabelFeesBorne.Minor}, write-offs {costs.WriteOffs.Minor}; "
            + "dispositions: " + string.Join(", ", report.Dispositions.Select(d => $"{d.Disposition} {d.Lines}")));
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        foreach (var recorded in recorder.Commands)
        {
            await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, COSTS OFF, TIMING ON) " + recorded.Text, connection);
            foreach (var parameter in recorded.Parameters)
            {
                explain.Parameters.Add(parameter);
            }
            Console.WriteLine("----");
            Console.WriteLine(recorded.Text);
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Console.WriteLine("  " + reader.GetString(0));
            }
        }
        return 0;
    default:
        Console.WriteLine("generate [returns] | rollups | explain [days]");
        return 2;
}

async Task RebuildAsync()
{
    var start = clock.Elapsed;
    await new RollupBuilder(db).RebuildAsync(
        CancellationToken.None, day => Console.Write($"\rrollups: {day:yyyy-MM-dd}"), (rows, ct) => RollupCopy.WriteAsync(db, rows, ct));
    Console.WriteLine($"\rrollups rebuilt in {(clock.Elapsed - start).TotalSeconds:F0} s");
    await db.Database.ExecuteSqlRawAsync("ANALYZE");
}

/// <summary>Keeps the SQL and parameters of the queries run while recording, to EXPLAIN them afterwards.</summary>
internal sealed class CommandRecorder : DbCommandInterceptor
{
    public bool Recording { get; set; }

    public List<(string Text, List<NpgsqlParameter> Parameters)> Commands { get; } = [];

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (Recording)
        {
            Commands.Add((command.CommandText, command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone()).ToList()));
        }
        return ValueTask.FromResult(result);
    }
}
