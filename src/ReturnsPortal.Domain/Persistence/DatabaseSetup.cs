using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ReturnsPortal.Domain.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Builds the provider-specific context behind <see cref="ReturnsDbContext"/>, with its two interceptors, in this order:
/// <see cref="DomainEventDispatcher"/> (every consequence of a change, analytics rollup marks included), then
/// <see cref="AuditInterceptor"/>.
/// </summary>
public static class DatabaseSetup
{
    public static IServiceCollection AddReturnsDatabase(this IServiceCollection services, DatabaseProvider provider, string connectionString)
    {
        // The refund provider and exchange shipper are the application's choice (Payments:Provider, Exchanges:ShipFrom).
        services.TryAddSingleton(new BackOffice.SettlementChannels());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DomainEventDispatcher>();
        services.AddScoped<AuditInterceptor>();
        _ = provider switch
        {
            DatabaseProvider.Sqlite => services.AddDbContext<ReturnsDbContext, SqliteReturnsDbContext>((sp, o) =>
                o.UseSqlite(connectionString).AddInterceptors(sp.GetRequiredService<DomainEventDispatcher>(), sp.GetRequiredService<AuditInterceptor>())),
            DatabaseProvider.Postgres => services.AddDbContext<ReturnsDbContext, PostgresReturnsDbContext>((sp, o) =>
                o.UseNpgsql(connectionString).AddInterceptors(sp.GetRequiredService<DomainEventDispatcher>(), sp.GetRequiredService<AuditInterceptor>())),
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };
        return services;
    }

    /// <summary>
    /// Makes what <c>MigrateAsync</c> would otherwise first find missing, and log as errors on a normal first start of
    /// PostgreSQL (efcore.pg#3402): the database (an empty SQLite file; on PostgreSQL, <c>CREATE DATABASE</c> from the
    /// maintenance database; the existence check expects its failed connection and logs nothing) and the empty
    /// migration history table (Npgsql reads the history without checking that the table exists). Returns true when it
    /// created the database.
    /// </summary>
    public static async Task<bool> CreateIfMissingAsync(ReturnsDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var creator = db.GetService<IRelationalDatabaseCreator>();
        var created = false;
        if (!await creator.ExistsAsync(ct))
        {
            await creator.CreateAsync(ct);
            created = true;
        }
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(ct);
        return created;
    }

    /// <summary>The fixed first half of the advisory lock's key around migrations (ADR 0109); the second is the database's name.</summary>
    public const int MigrationLockClass = 0x5250; // "RP"

    /// <summary>
    /// Runs <paramref name="work"/> (create-if-missing, migrate, reference data) while holding a PostgreSQL session-level
    /// advisory lock, so instances starting together migrate one after the other: the second finds everything done
    /// (ADR 0109). The lock is taken on one connection to the maintenance database (the application's database may not
    /// exist yet, and advisory locks belong to the database they are taken in), keyed by the application database's name,
    /// and released in finally (closing the connection would release it too). SQLite is one machine's file: no lock.
    /// </summary>
    public static async Task RunWithMigrationLockAsync(ReturnsDbContext db, Func<Task> work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(work);
        if (!db.Database.IsNpgsql())
        {
            await work();
            return;
        }
        var target = new Npgsql.NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
        var database = target.Database ?? target.Username ?? "";
        var maintenance = new Npgsql.NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new Npgsql.NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(ct);
        await using (var take = new Npgsql.NpgsqlCommand("SELECT pg_advisory_lock(@class, hashtext(@db))", connection))
        {
            take.Parameters.AddWithValue("class", MigrationLockClass);
            take.Parameters.AddWithValue("db", database);
            // A colleague's migration may take a while: wait for it rather than time out.
            take.CommandTimeout = 0;
            await take.ExecuteNonQueryAsync(ct);
        }
        try
        {
            await work();
        }
        finally
        {
            await using var release = new Npgsql.NpgsqlCommand("SELECT pg_advisory_unlock(@class, hashtext(@db))", connection);
            release.Parameters.AddWithValue("class", MigrationLockClass);
            release.Parameters.AddWithValue("db", database);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// A context outside dependency injection (tests, tools), with the same pipeline as the app: domain events
    /// dispatched first (ADR 0098, rollup marks included: ADR 0104), then the audit stamps.
    /// </summary>
    public static ReturnsDbContext CreateContext(
        DatabaseProvider provider, string connectionString, TimeProvider clock, IActorAccessor actor, BackOffice.SettlementChannels? channels = null)
    {
        var interceptors = new Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[]
        {
            new DomainEventDispatcher(channels ?? new BackOffice.SettlementChannels(), clock), new AuditInterceptor(clock, actor),
        };
        return provider switch
        {
            DatabaseProvider.Sqlite => new SqliteReturnsDbContext(new DbContextOptionsBuilder<SqliteReturnsDbContext>()
                .UseSqlite(connectionString).AddInterceptors(interceptors).Options),
            DatabaseProvider.Postgres => new PostgresReturnsDbContext(new DbContextOptionsBuilder<PostgresReturnsDbContext>()
                .UseNpgsql(connectionString).AddInterceptors(interceptors).Options),
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };
    }
}
