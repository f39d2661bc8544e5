using ReturnsPortal.Domain.Operations;

namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// A job that runs once at start-up and then every <see cref="Interval"/>, each pass in a fresh scope (so a fresh
/// <c>ReturnsDbContext</c>); a failed pass is logged and the next one runs as planned. The first pass does not wait
/// for the interval: a portal restarted after a night off catches up at once. A worker that names a
/// <see cref="LeaseName"/> runs a pass only while it holds that job's lease in the database (<see cref="JobLeases"/>,
/// ADR 0109), taken for one interval: of several instances sharing the database, one runs each period. Each pass it
/// runs is logged (<c>Periodic job {Job} runs a pass</c>), so an operator, and the two-instance test, can see which
/// instance ran which period.
/// </summary>
public abstract partial class PeriodicWorker(IServiceScopeFactory scopes, TimeProvider clock, ILogger logger) : BackgroundService
{
    protected TimeProvider Clock { get; } = clock;

    /// <summary>The wait between the end of a pass and the start of the next.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>The job's lease in <c>JobLeases</c>; null runs every pass without one (a worker with no database).</summary>
    protected virtual string? LeaseName => null;

    /// <summary>One pass, with the services of its own scope.</summary>
    protected abstract Task RunOnceAsync(IServiceProvider services, CancellationToken ct);

    /// <summary>Logs a failed pass (each worker says what failed in its own words).</summary>
    protected abstract void LogFailed(Exception ex);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (LeaseName is null || await JobLeases.TryAcquireAsync(scope.ServiceProvider.GetRequiredService<ReturnsDbContext>(),
                        LeaseName, JobLeases.ProcessHolder, Interval, Clock.GetUtcNow().UtcDateTime, stoppingToken))
                {
                    LogPass(logger, LeaseName ?? GetType().Name);
                    await RunOnceAsync(scope.ServiceProvider, stoppingToken);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A database hiccup, or a colleague's pass at the same moment: the next pass finds the same work.
                LogFailed(ex);
            }
            try
            {
                await Task.Delay(Interval, Clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Periodic job {Job} runs a pass")]
    private static partial void LogPass(ILogger logger, string job);
}
