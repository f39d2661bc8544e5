using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Web.Hosting;

/// <summary>Runs <see cref="LabelExpiry"/> at start-up and then every interval, in a fresh scope each time.</summary>
public sealed partial class LabelExpiryWorker(
    IServiceScopeFactory scopes, LabelExpiryOptions options, TimeProvider clock, ILogger<LabelExpiryWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var expired = await scope.ServiceProvider.GetRequiredService<LabelExpiry>().ExpireLapsedAsync(stoppingToken);
                if (expired > 0)
                {
                    LogExpired(expired);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A database hiccup: the next pass finds the same returns.
                LogFailed(ex);
            }
            try
            {
                await Task.Delay(TimeSpan.FromMinutes(Math.Max(1, options.IntervalMinutes)), clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} returns expired: their label lapsed")]
    private partial void LogExpired(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The label expiry pass failed; it will run again")]
    private partial void LogFailed(Exception ex);
}
