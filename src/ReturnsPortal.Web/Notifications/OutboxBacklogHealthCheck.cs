using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ReturnsPortal.Web.Notifications;

/// <summary>
/// Degraded while a message has waited longer than <c>Outbox:ReadyBacklogMinutes</c>: customers are not being told
/// what happens to their returns (SMTP down, dispatcher stopped), which an operator must see (ADR 0110). Degraded, not
/// Unhealthy: the outbox is shared, so a 503 would take every instance out of the load balancer at once for late e-mails. Dead letters do
/// not count: they wait for an Admin on /manage/outbox, and an instance taken out of rotation would not help them.
/// </summary>
public sealed class OutboxBacklogHealthCheck(ReturnsDbContext db, OutboxOptions options, TimeProvider clock) : IHealthCheck
{
    public const string Name = "outbox-backlog";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - options.ReadyBacklog;
        try
        {
            var late = await db.Outbox.AsNoTracking()
                .CountAsync(m => m.ProcessedAt == null && m.DeadAt == null && m.OccurredAt < cutoff, cancellationToken);
            return late == 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Degraded(
                    $"{late} outbox message(s) pending for more than {options.ReadyBacklogMinutes} minutes (Outbox:ReadyBacklogMinutes).",
                    data: new Dictionary<string, object> { ["pending"] = late });
        }
        catch (Exception ex) when (Hosting.DatabaseUnavailable.Is(ex))
        {
            // An outage: the database check names it. Without the exception, so each probe does not log a stack trace
            // at Error for as long as the outage lasts (ADR 0114).
            return HealthCheckResult.Unhealthy("The outbox could not be read: the database does not answer.");
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            // The database check names that failure; this one only says the backlog could not be read.
            return HealthCheckResult.Unhealthy("The outbox could not be read.", ex);
        }
    }
}
