using ReturnsPortal.Domain.Analytics;

namespace ReturnsPortal.Web.Hosting;

/// <summary>Runs <see cref="AnalyticsAlertDetector"/> at start-up and then daily, in a fresh scope each time (ADR 0045).</summary>
public sealed partial class AnalyticsAlertsWorker(
    IServiceScopeFactory scopes, AnalyticsAlertsOptions options, TimeProvider clock, ILogger<AnalyticsAlertsWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var detection = await scope.ServiceProvider.GetRequiredService<AnalyticsAlertDetector>()
                    .DetectAsync(clock.GetUtcNow().UtcDateTime, options.Days, stoppingToken);
                LogDetected(detection.Opened, detection.Reopened, detection.Refreshed);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A database hiccup or a colleague's pass at the same moment: the next pass finds the same problems.
                LogFailed(ex);
            }
            try
            {
                await Task.Delay(TimeSpan.FromHours(Math.Max(1, options.IntervalHours)), clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Problem-product alerts: {Opened} opened, {Reopened} re-opened, {Refreshed} refreshed")]
    private partial void LogDetected(int opened, int reopened, int refreshed);

    [LoggerMessage(Level = LogLevel.Error, Message = "The problem-product detection failed; it will run again")]
    private partial void LogFailed(Exception ex);
}
