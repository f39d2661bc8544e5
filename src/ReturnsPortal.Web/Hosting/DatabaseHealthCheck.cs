using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// Ready means the database answers, within <see cref="Timeout"/>: while it cannot be reached <c>/health/ready</c>
/// answers 503 and the load balancer sends no traffic; <c>/health/live</c> stays 200, the process needs no restart
/// (ADR 0114).
/// </summary>
public sealed class DatabaseHealthCheck(ReturnsDbContext db) : IHealthCheck
{
    /// <summary>Longer than a healthy answer ever takes, shorter than a probe's usual timeout.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database does not answer.");
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            // The reason, not the stack trace: a probe every few seconds during an outage would fill the log with them.
            return HealthCheckResult.Unhealthy($"The database does not answer: {(DatabaseUnavailable.Find(ex) ?? ex).Message}");
        }
    }
}
