using ReturnsPortal.Domain.Analytics;

namespace ReturnsPortal.Web.Hosting;

/// <summary>Runs <see cref="AnalyticsAlertDetector"/> at start-up and then daily, in a fresh scope each time (ADR 0045).</summary>
public sealed partial class AnalyticsAlertsWorker(
    IServiceScopeFactory scopes, AnalyticsAlertsOptions options, TimeProvider clock, ILogger<AnalyticsAlertsWorker> logger) : PeriodicWorker(scopes, clock, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromHours(Math.Max(1, options.IntervalHours));

    protected override string LeaseName => "analytics-alerts";

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var detection = await services.GetRequiredService<AnalyticsAlertDetector>().DetectAsync(Clock.GetUtcNow().UtcDateTime, options.Days, ct);
        LogDetected(detection.Opened, detection.Reopened, detection.Refreshed);
    }

    protected override void LogFailed(Exception ex) => LogDetectionFailed(ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Problem-product alerts: {Opened} opened, {Reopened} re-opened, {Refreshed} refreshed")]
    private partial void LogDetected(int opened, int reopened, int refreshed);

    [LoggerMessage(Level = LogLevel.Error, Message = "The problem-product detection failed; it will run again")]
    private partial void LogDetectionFailed(Exception ex);
}
