using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ReturnsPortal.Web.Hosting;

/// <summary>Ready means the database answers.</summary>
public sealed class DatabaseHealthCheck(ReturnsDbContext db) : IHealthCheck
{
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
            return HealthCheckResult.Unhealthy("The database does not answer.", ex);
        }
    }
}
