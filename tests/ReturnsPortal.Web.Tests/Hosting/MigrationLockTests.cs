using Microsoft.AspNetCore.Hosting;
using Npgsql;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Testing;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Hosting;

/// <summary>
/// Several instances started together on one new PostgreSQL database: the advisory lock around create-if-missing and
/// Migrate makes them take turns, so both start and the migrations are applied once (ADR 0109).
/// </summary>
public sealed class MigrationLockTests
{
    [Fact]
    public async Task Two_instances_starting_at_once_on_a_new_database_both_start_and_migrate_once()
    {
        var cluster = await PostgresCluster.GetAsync();
        var database = $"lock_{Guid.NewGuid():N}"[..16];
        var connectionString = new NpgsqlConnectionStringBuilder(cluster.AdminConnectionString) { Database = database }.ConnectionString;
        var factories = new[] { new SharedDatabasePortalFactory(connectionString), new SharedDatabasePortalFactory(connectionString) };
        try
        {
            // Both start-ups (create the database, migrate, reference data) run at the same time.
            await Task.WhenAll(factories.Select(f => Task.Run(f.InitializeAsync)));

            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var history = new NpgsqlCommand("""SELECT count(*) FROM "__EFMigrationsHistory" """, connection);
            ((long)(await history.ExecuteScalarAsync())!).ShouldBe(1);
        }
        finally
        {
            foreach (var factory in factories)
            {
                await ((IAsyncLifetime)factory).DisposeAsync();
            }
            await cluster.DropDatabaseAsync(connectionString);
        }
    }

    /// <summary>An instance on a given, not yet existing, database; no demo (the demo seed is not an instance's migration).</summary>
    private sealed class SharedDatabasePortalFactory(string connectionString) : PortalFactory
    {
        public override DatabaseProvider Provider => DatabaseProvider.Postgres;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Demo:Seed", "false");
        }

        protected override Task<string> CreateDatabaseAsync(string dataPath) => Task.FromResult(connectionString);
    }
}
