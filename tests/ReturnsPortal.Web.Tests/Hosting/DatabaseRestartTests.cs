using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Testing;
using ReturnsPortal.Web.Hosting;
using ReturnsPortal.Web.Notifications;
using ReturnsPortal.Web.Tests.Infrastructure;
using Serilog.Core;
using Serilog.Events;

namespace ReturnsPortal.Web.Tests.Hosting;

/// <summary>Stops and starts a PostgreSQL server: nothing else may run beside it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DatabaseRestartCollection
{
    public const string Name = "Database restart";
}

/// <summary>
/// Issue 17: losing the database for a few seconds answers 503 (never 500), readiness fails, and the app recovers by
/// itself when the server is back, with no acknowledged write lost (ADR 0114). PostgreSQL only: it is the server that
/// goes away; a SQLite file does not. The server is a private one (<see cref="PostgresCluster.StartPrivateAsync"/>),
/// never the cluster the other tests share. Figures go to TestResults/database-restart.txt, which scripts/test.sh prints.
/// </summary>
[Collection(DatabaseRestartCollection.Name)]
public sealed class DatabaseRestartTests
{
    private const string DemoKey = "demo-api-key";
    private const int Clients = 3;
    private static readonly TimeSpan BeforeOutage = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan AfterRestart = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Losing_the_database_for_a_few_seconds_answers_503_then_recovers_by_itself_with_no_acknowledged_write_lost()
    {
        await using var server = await PostgresCluster.StartPrivateAsync();
        var factory = new RestartPortalFactory(server);
        try
        {
            await factory.InitializeAsync();
            await BurstAcrossARestartAsync(server, factory);
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
        }
    }

    private static async Task BurstAcrossARestartAsync(PostgresCluster.PrivateServer server, RestartPortalFactory factory)
    {
        var clock = Stopwatch.StartNew();
        var results = new ConcurrentQueue<Result>();
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(1, Clients).Select(c => Task.Run(() => ClientAsync(factory, c, clock, results, stop.Token))).ToList();
        var probe = Task.Run(() => ProbeAsync(factory, clock, results, stop.Token));

        await Task.Delay(BeforeOutage);
        var stopping = clock.Elapsed;
        await server.StopAsync();
        var stopped = clock.Elapsed;
        await Task.Delay(Outage);
        // From the start command on: the server may accept connections before pg_ctl has seen it ready.
        var started = clock.Elapsed;
        await server.StartAsync();
        await Task.Delay(AfterRestart);
        await stop.CancelAsync();
        await Task.WhenAll([.. clients, probe]);

        var all = results.ToList();
        var requests = all.Where(r => r.Kind is not (Kind.Ready or Kind.Live)).ToList();
        var writes = requests.Where(r => r.Kind == Kind.Write && r.Status is HttpStatusCode.Created or HttpStatusCode.OK).Select(r => r.Order!).ToList();
        var stored = await StoredOrdersAsync(factory);
        var found = writes.Count(stored.ContainsKey);
        var firstSuccess = requests.Where(r => r.Sent >= started && r.Success).Select(r => r.Done).DefaultIfEmpty(TimeSpan.MaxValue).Min();
        var recovery = firstSuccess == TimeSpan.MaxValue ? (TimeSpan?)null : firstSuccess - started;
        var others = requests.Where(r => !r.Success && r.Status != HttpStatusCode.ServiceUnavailable).ToList();
        var afterRecovery = requests.Count(r => r.Sent > firstSuccess && !r.Success);
        await WriteFiguresAsync(requests, others, recovery, writes.Count, found, afterRecovery, all, stopped, started);

        // During the outage every request is a 503 with Retry-After, never a 500.
        others.Select(Describe).ShouldBeEmpty();
        var duringOutage = requests.Where(r => r.Sent >= stopped && r.Done <= started).ToList();
        duringOutage.ShouldNotBeEmpty();
        duringOutage.Where(r => r.Status != HttpStatusCode.ServiceUnavailable || !r.RetryAfter).Select(Describe).ShouldBeEmpty();
        duringOutage.Where(r => r.Kind == Kind.Page && !r.UnavailablePage).Select(Describe).ShouldBeEmpty("pages show the status page in French");
        duringOutage.Where(r => r.Kind is Kind.Read or Kind.Write && !r.UnavailableProblem).Select(Describe).ShouldBeEmpty("the API answers problem details");
        // Readiness fails while the server is down; liveness never does.
        all.Where(r => r.Kind == Kind.Ready && r.Sent >= stopped && r.Done <= started).ShouldContain(r => r.Status == HttpStatusCode.ServiceUnavailable);
        all.Where(r => r.Kind == Kind.Live).ShouldAllBe(r => r.Status == HttpStatusCode.OK);
        // Back by itself, without restarting the app: requests and readiness succeed again.
        recovery.ShouldNotBeNull("no request succeeded after the server started again");
        recovery.Value.ShouldBeLessThan(RecoveryBound);
        all.Where(r => r.Kind == Kind.Ready).MaxBy(r => r.Sent)!.Status.ShouldBe(HttpStatusCode.OK);
        requests.Where(r => r.Done < stopping && !r.Success).Select(Describe).ShouldBeEmpty("before the outage");
        // Every acknowledged write is in the database, once, with its one line.
        writes.Count.ShouldBeGreaterThan(0);
        writes.Where(o => !stored.ContainsKey(o)).ShouldBeEmpty("acknowledged orders missing after the restart");
        stored.Where(o => o.Value != 1).ShouldBeEmpty("orders stored with more than their one line");
        // The outbox loop met the outage (a failed batch logged) and is still running.
        factory.Logs.ShouldContain(e => Source(e) == typeof(OutboxDispatcher).FullName && DatabaseUnavailable.Is(e.Exception));
        factory.Services.GetServices<IHostedService>().OfType<OutboxDispatcher>().Single().ExecuteTask.ShouldNotBeNull().IsCompleted.ShouldBeFalse();
        // One Warning per failed request, no Error line with a stack trace for each one.
        // (The background workers log each failed pass their own way, and go on; the readiness probe's outbox check
        // reports its exception to the health check service's log, once per probe.)
        factory.Logs.Where(e => e.Level >= LogEventLevel.Error && e.Exception is not null && DatabaseUnavailable.Is(e.Exception)
                && e.Properties.ContainsKey("RequestId") && Source(e) != "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService")
            .Select(e => $"{Source(e)}: {e.MessageTemplate.Text}").Distinct().ShouldBeEmpty();
        // A request refused by the API rate limiter because its counter could not be taken is the limiter's warning, not the
        // middleware's (ADR 0111): which of the two meets the outage depends on timing, so both are counted.
        factory.Logs.Count(e => e.Level == LogEventLevel.Warning
                && (Source(e) == typeof(DatabaseUnavailableMiddleware).FullName || Source(e) == typeof(RateLimitCounterStore).FullName))
            .ShouldBe(requests.Count(r => r.Status == HttpStatusCode.ServiceUnavailable));
    }

    private static string Describe(Result r) => $"{r.Kind} {r.Status?.ToString() ?? r.Error} at {r.Sent.TotalSeconds:0.00}s";

    private static string? Source(LogEvent e) =>
        e.Properties.GetValueOrDefault("SourceContext") is ScalarValue { Value: string source } ? source : null;

    /// <summary>One client: an order upsert through the API, a read through the API, a page that reads the database, again and again.</summary>
    private static async Task ClientAsync(RestartPortalFactory factory, int client, Stopwatch clock, ConcurrentQueue<Result> results, CancellationToken stop)
    {
        using var http = factory.CreateClient();
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var order = $"RST-{client}-{i:D5}";
            results.Enqueue(await SendAsync(http, clock, Kind.Write, HttpMethod.Post, "/api/v1/orders", OrderJson(order), order));
            results.Enqueue(await SendAsync(http, clock, Kind.Read, HttpMethod.Get, "/api/v1/reasons"));
            results.Enqueue(await SendAsync(http, clock, Kind.Page, HttpMethod.Get, "/returns/policy"));
        }
    }

    /// <summary>What a load balancer does: readiness and liveness every quarter second.</summary>
    private static async Task ProbeAsync(RestartPortalFactory factory, Stopwatch clock, ConcurrentQueue<Result> results, CancellationToken stop)
    {
        using var http = factory.CreateClient();
        while (!stop.IsCancellationRequested)
        {
            results.Enqueue(await SendAsync(http, clock, Kind.Ready, HttpMethod.Get, "/health/ready"));
            results.Enqueue(await SendAsync(http, clock, Kind.Live, HttpMethod.Get, "/health/live"));
            try
            {
                await Task.Delay(250, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<Result> SendAsync(HttpClient http, Stopwatch clock, Kind kind, HttpMethod method, string url, string? json = null, string? order = null)
    {
        var sent = clock.Elapsed;
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        if (kind is Kind.Read or Kind.Write)
        {
            request.Headers.Add("X-Api-Key", DemoKey);
        }
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        try
        {
            using var response = await http.SendAsync(request);
            var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            var type = response.Content.Headers.ContentType?.MediaType;
            return new Result(kind, sent, clock.Elapsed, response.StatusCode, null, order,
                response.Headers.RetryAfter?.Delta == TimeSpan.FromSeconds(DatabaseUnavailable.RetryAfterSeconds),
                type == "text/html" && body.Contains("Le service est momentanément indisponible", StringComparison.Ordinal),
                type == "application/problem+json" && body.Contains("\"status\":503", StringComparison.Ordinal));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException or DbUpdateException or Npgsql.NpgsqlException)
        {
            // The in-memory server hands an exception the app did not handle to the client: an error like a 500.
            return new Result(kind, sent, clock.Elapsed, null, ex.GetType().Name, order, false, false, false);
        }
    }

    private static string OrderJson(string number) =>
        ApiOrders.Json(number, $"{number.ToLowerInvariant()}@example.org", ("VET-TSH-001-M-NOIR", 1, 19.90m));

    /// <summary>The orders of this test in the database, by number, with their number of lines.</summary>
    private static async Task<Dictionary<string, int>> StoredOrdersAsync(RestartPortalFactory factory) =>
        await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().Orders.AsNoTracking()
            .Where(o => o.Number.StartsWith("RST-"))
            .Select(o => new { o.Number, Lines = o.Lines.Count })
            .ToDictionaryAsync(o => o.Number, o => o.Lines));

    private static async Task WriteFiguresAsync(List<Result> requests, List<Result> others, TimeSpan? recovery, int acknowledged, int found,
        int failedAfterRecovery, List<Result> all, TimeSpan stopped, TimeSpan started)
    {
        var folder = Path.Combine(ResourceKeysTests.RepositoryRoot(), "TestResults");
        Directory.CreateDirectory(folder);
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Database restart (PostgreSQL stopped with pg_ctl -m fast for {(started - stopped).TotalSeconds:0.0} s during a burst of {Clients} clients; DatabaseRestartTests):")
            .AppendLine(CultureInfo.InvariantCulture, $"  requests sent: {requests.Count} (API writes, API reads, pages)")
            .AppendLine(CultureInfo.InvariantCulture, $"  503 answers: {requests.Count(r => r.Status == HttpStatusCode.ServiceUnavailable)}")
            .AppendLine(CultureInfo.InvariantCulture, $"  other errors: {others.Count} (must be 0)")
            .AppendLine(CultureInfo.InvariantCulture, $"  readiness 503 while down: {all.Count(r => r.Kind == Kind.Ready && r.Status == HttpStatusCode.ServiceUnavailable)} of {all.Count(r => r.Kind == Kind.Ready)} probes")
            .AppendLine(CultureInfo.InvariantCulture, $"  seconds from server start to first success: {(recovery is { } r ? r.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) : "never")}")
            .AppendLine(CultureInfo.InvariantCulture, $"  failed requests after the first success: {failedAfterRecovery}")
            .AppendLine(CultureInfo.InvariantCulture, $"  acknowledged writes: {acknowledged}")
            .AppendLine(CultureInfo.InvariantCulture, $"  found writes: {found}")
            .AppendLine(CultureInfo.InvariantCulture, $"  lost writes: {acknowledged - found} (must be 0)")
            .ToString();
        await File.WriteAllTextAsync(Path.Combine(folder, "database-restart.txt"), text);
    }

    private enum Kind
    {
        Write,
        Read,
        Page,
        Ready,
        Live,
    }

    private sealed record Result(Kind Kind, TimeSpan Sent, TimeSpan Done, HttpStatusCode? Status, string? Error, string? Order,
        bool RetryAfter, bool UnavailablePage, bool UnavailableProblem)
    {
        public bool Success => Status is HttpStatusCode.OK or HttpStatusCode.Created;
    }

    /// <summary>The portal on a database of the private server, with the outbox loop running as in production.</summary>
    private sealed class RestartPortalFactory(PostgresCluster.PrivateServer server) : PortalFactory
    {
        private readonly CollectingSink sink = new();

        public override DatabaseProvider Provider => DatabaseProvider.Postgres;

        public IReadOnlyList<LogEvent> Logs => sink.Events;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Outbox:Enabled", "true");
            builder.UseSetting("Outbox:PollSeconds", "1");
            builder.ConfigureServices(s => s.AddSingleton<ILogEventSink>(sink));
        }

        protected override Task<string> CreateDatabaseAsync(string dataPath) => server.Cluster.CreateDatabaseAsync("restart");
    }

    private sealed class CollectingSink : ILogEventSink
    {
        private readonly ConcurrentQueue<LogEvent> events = new();

        public IReadOnlyList<LogEvent> Events => [.. events];

        public void Emit(LogEvent logEvent) => events.Enqueue(logEvent);
    }
}
