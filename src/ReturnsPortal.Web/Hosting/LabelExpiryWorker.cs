namespace ReturnsPortal.Web.Hosting;

/// <summary>Runs <see cref="LabelExpiry"/> at start-up and then every interval, in a fresh scope each time.</summary>
public sealed partial class LabelExpiryWorker(
    IServiceScopeFactory scopes, LabelExpiryOptions options, TimeProvider clock, ILogger<LabelExpiryWorker> logger) : PeriodicWorker(scopes, clock, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(Math.Max(1, options.IntervalMinutes));

    protected override string LeaseName => "label-expiry";

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var expired = await services.GetRequiredService<LabelExpiry>().ExpireLapsedAsync(ct);
        if (expired > 0)
        {
            LogExpired(expired);
        }
    }

    protected override void LogFailed(Exception ex) => LogPassFailed(ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} returns expired: their label lapsed")]
    private partial void LogExpired(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The label expiry pass failed; it will run again")]
    private partial void LogPassFailed(Exception ex);
}
