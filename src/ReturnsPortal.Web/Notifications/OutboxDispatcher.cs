namespace ReturnsPortal.Web.Notifications;

/// <summary>
/// The background worker: runs <see cref="OutboxProcessor"/> batch after batch (a fresh scope and DbContext
/// each), and sleeps <c>Outbox:PollSeconds</c> when the outbox has nothing due. Every instance may run one.
/// </summary>
public sealed partial class OutboxDispatcher(IServiceScopeFactory scopes, OutboxOptions options, TimeProvider clock, ILogger<OutboxDispatcher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                claimed = await scope.ServiceProvider.GetRequiredService<OutboxProcessor>().ProcessBatchAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A database hiccup: the leases expire and the messages are claimed again later.
                LogBatchFailed(ex);
            }
            if (claimed < options.BatchSize)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(options.PollSeconds), clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "An outbox batch failed; it will be tried again")]
    private partial void LogBatchFailed(Exception ex);
}
