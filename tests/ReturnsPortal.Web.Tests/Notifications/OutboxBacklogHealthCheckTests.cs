using Microsoft.Extensions.Diagnostics.HealthChecks;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Notifications;

namespace ReturnsPortal.Web.Tests.Notifications;

/// <summary>The outbox part of readiness while the database is away (ADR 0110, 0114).</summary>
public sealed class OutboxBacklogHealthCheckTests
{
    [Fact]
    public async Task Without_the_database_it_is_unhealthy_without_an_exception_so_no_probe_logs_a_stack_trace()
    {
        // Nothing listens on port 1: the connection is refused at once, as during a PostgreSQL restart.
        await using var db = DatabaseSetup.CreateContext(
            DatabaseProvider.Postgres, "Host=127.0.0.1;Port=1;Database=returns;Username=returns;Timeout=3", TimeProvider.System, new SystemActor());
        var check = new OutboxBacklogHealthCheck(db, new OutboxOptions(), TimeProvider.System);

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        result.Status.ShouldBe(HealthStatus.Unhealthy);
        result.Exception.ShouldBeNull();
        result.Description.ShouldBe("The outbox could not be read: the database does not answer.");
    }
}
