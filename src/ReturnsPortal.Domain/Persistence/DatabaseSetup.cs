using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Common;

namespace ReturnsPortal.Domain.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Builds the provider-specific context behind <see cref="ReturnsDbContext"/>, with its interceptors.</summary>
public static class DatabaseSetup
{
    public static IServiceCollection AddReturnsDatabase(this IServiceCollection services, DatabaseProvider provider, string connectionString)
    {
        services.AddScoped<AuditInterceptor>();
        services.AddSingleton<OutboxInterceptor>();
        services.AddSingleton<ReservationReleaseInterceptor>();
        services.AddSingleton<RollupMarkInterceptor>();
        _ = provider switch
        {
            DatabaseProvider.Sqlite => services.AddDbContext<ReturnsDbContext, SqliteReturnsDbContext>((sp, o) =>
                o.UseSqlite(connectionString).AddInterceptors(sp.GetRequiredService<AuditInterceptor>(), sp.GetRequiredService<OutboxInterceptor>(), sp.GetRequiredService<ReservationReleaseInterceptor>(), sp.GetRequiredService<RollupMarkInterceptor>())),
            DatabaseProvider.Postgres => services.AddDbContext<ReturnsDbContext, PostgresReturnsDbContext>((sp, o) =>
                o.UseNpgsql(connectionString).AddInterceptors(sp.GetRequiredService<AuditInterceptor>(), sp.GetRequiredService<OutboxInterceptor>(), sp.GetRequiredService<ReservationReleaseInterceptor>(), sp.GetRequiredService<RollupMarkInterceptor>())),
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };
        return services;
    }

    /// <summary>A context outside dependency injection (tests, tools), with the same interceptors as the app.</summary>
    public static ReturnsDbContext CreateContext(DatabaseProvider provider, string connectionString, TimeProvider clock, IActorAccessor actor)
    {
        var interceptors = new Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] { new AuditInterceptor(clock, actor), new OutboxInterceptor(), new ReservationReleaseInterceptor(), new RollupMarkInterceptor() };
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
