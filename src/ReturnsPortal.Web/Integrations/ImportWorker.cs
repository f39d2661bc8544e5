using System.Text.Json;
using ReturnsPortal.Domain.Integrations;

namespace ReturnsPortal.Web.Integrations;

/// <summary>Picks up queued imports (and ones a crashed instance left running) and works them, one at a time.</summary>
public sealed partial class ImportWorker(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ImportWorker> logger) : BackgroundService
{
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var worked = false;
            try
            {
                worked = await WorkOneAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(ex);
            }
            if (!worked)
            {
                try
                {
                    await Task.Delay(Poll, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public async Task<bool> WorkOneAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var stale = now - Abandoned;
        var id = await db.ImportJobs.Where(j => j.Status == ImportStatus.Queued || (j.Status == ImportStatus.Running && j.StartedAt < stale))
            .OrderBy(j => j.Id).Select(j => (int?)j.Id).FirstOrDefaultAsync(ct);
        if (id is null)
        {
            return false;
        }
        // The claim: one instance moves it to Running (the WHERE is re-checked under the row lock on PostgreSQL).
        var claimed = await db.ImportJobs.Where(j => j.Id == id && (j.Status == ImportStatus.Queued || (j.Status == ImportStatus.Running && j.StartedAt < stale)))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, ImportStatus.Running).SetProperty(j => j.StartedAt, now), ct);
        if (claimed == 1)
        {
            try
            {
                await scope.ServiceProvider.GetRequiredService<CsvImporter>().RunAsync(id.Value, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A fault of ours (not of the file): nothing was committed; the job says so and the log has the cause.
                LogJobFailed(ex, id.Value);
                await using var cleanup = scopes.CreateAsyncScope();
                await cleanup.ServiceProvider.GetRequiredService<ReturnsDbContext>().ImportJobs.Where(j => j.Id == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, ImportStatus.Rejected)
                        .SetProperty(j => j.Report, JsonSerializer.Serialize(new[] { new ImportIssue(0, "*", "internal") }))
                        .SetProperty(j => j.Content, (byte[]?)null).SetProperty(j => j.FinishedAt, clock.GetUtcNow().UtcDateTime), ct);
            }
        }
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The import worker failed; it will try again")]
    private partial void LogFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "Import job {Id} failed; nothing was imported")]
    private partial void LogJobFailed(Exception ex, int id);
}
