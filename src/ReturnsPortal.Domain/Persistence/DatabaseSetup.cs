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
        // The payment gateway is the application's (it may be a real provider); the default records instructions only.
        services.TryAddSingleton<BackOffice.IPaymentGateway, BackOffice.RecordedRefundGateway>();
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

    /// <summary>
    /// A context outside dependency injection (tests, tools), with the same pipeline as the app: domain events
    /// dispatched first (ADR 0098, rollup marks included: ADR 0104), then the audit stamps.
    /// </summary>
    public static ReturnsDbContext CreateContext(
        DatabaseProvider provider, string connectionString, TimeProvider clock, IActorAccessor actor, BackOffice.IPaymentGateway? gateway = null)
    {
        var interceptors = new Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[]
        {
            new DomainEventDispatcher(gateway ?? new BackOffice.RecordedRefundGateway(), clock), new AuditInterceptor(clock, actor),
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
