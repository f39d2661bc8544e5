using ReturnsPortal.Web.Hosting;

namespace ReturnsPortal.Web.Payments;

/// <summary>
/// Sends due Stripe refunds every minute (the first backoff step), under the job's lease so that of several instances
/// one sends each period; a settlement another instance took anyway is skipped on its version (ADR 0119).
/// </summary>
public sealed partial class RefundWorker(IServiceScopeFactory scopes, TimeProvider clock, ILogger<RefundWorker> logger)
    : PeriodicWorker(scopes, clock, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    protected override string LeaseName => "stripe-refunds";

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var sent = await services.GetRequiredService<StripeRefunds>().SendDueAsync(ct);
        if (sent > 0)
        {
            LogSent(sent);
        }
    }

    protected override void LogFailed(Exception ex) => LogPassFailed(ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} refunds sent to Stripe")]
    private partial void LogSent(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The Stripe refund pass failed; it will run again")]
    private partial void LogPassFailed(Exception ex);
}
