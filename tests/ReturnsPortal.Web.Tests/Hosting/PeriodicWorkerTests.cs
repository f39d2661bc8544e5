using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReturnsPortal.Web.Hosting;

namespace ReturnsPortal.Web.Tests.Hosting;

/// <summary>The loop of the label-expiry and analytics-alert workers (<see cref="PeriodicWorker"/>).</summary>
public sealed class PeriodicWorkerTests
{
    [Fact]
    public async Task The_first_pass_runs_at_start_up_without_waiting_for_the_interval()
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        using var worker = new CountingWorker(services.GetRequiredService<IServiceScopeFactory>(), TimeSpan.FromHours(1), failFirst: false);

        await worker.StartAsync(CancellationToken.None);
        await WaitForAsync(() => worker.Passes >= 1);
        await worker.StopAsync(CancellationToken.None);

        worker.Passes.ShouldBe(1);
    }

    [Fact]
    public async Task A_failed_pass_is_logged_and_the_next_one_runs()
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        using var worker = new CountingWorker(services.GetRequiredService<IServiceScopeFactory>(), TimeSpan.FromMilliseconds(20), failFirst: true);

        await worker.StartAsync(CancellationToken.None);
        await WaitForAsync(() => worker.Passes >= 2);
        await worker.StopAsync(CancellationToken.None);

        worker.Failures.ShouldBe(1);
        worker.Passes.ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task Each_pass_is_logged_with_the_job_name()
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        var log = new ListLogger();
        using var worker = new CountingWorker(services.GetRequiredService<IServiceScopeFactory>(), TimeSpan.FromMilliseconds(20), failFirst: false, log);

        await worker.StartAsync(CancellationToken.None);
        await WaitForAsync(() => worker.Passes >= 2);
        await worker.StopAsync(CancellationToken.None);

        // The two-instance test counts a cluster's passes from these lines (ADR 0113).
        log.Lines.Count.ShouldBeGreaterThanOrEqualTo(2);
        log.Lines.ShouldAllBe(l => l == "Information: Periodic job CountingWorker runs a pass");
    }

    private static async Task WaitForAsync(Func<bool> done)
    {
        for (var i = 0; i < 100 && !done(); i++)
        {
            await Task.Delay(50);
        }
    }

    private sealed class CountingWorker(IServiceScopeFactory scopes, TimeSpan interval, bool failFirst, ILogger? logger = null)
        : PeriodicWorker(scopes, TimeProvider.System, logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
    {
        private int passes;
        private int failures;

        public int Passes => Volatile.Read(ref passes);
        public int Failures => Volatile.Read(ref failures);

        protected override TimeSpan Interval => interval;

        protected override Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
        {
            var pass = Interlocked.Increment(ref passes);
            return failFirst && pass == 1 ? throw new InvalidOperationException("first pass fails") : Task.CompletedTask;
        }

        protected override void LogFailed(Exception ex) => Interlocked.Increment(ref failures);
    }

    /// <summary>Keeps "Level: message" of every entry.</summary>
    private sealed class ListLogger : ILogger
    {
        public ConcurrentQueue<string> Entries { get; } = new();

        public IReadOnlyList<string> Lines => [.. Entries];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue($"{logLevel}: {formatter(state, exception)}");
    }
}
