using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Testing;

namespace ReturnsPortal.Domain.Tests.Infrastructure;

/// <summary>
/// A fresh database per test class, migrated with the real migrations of its provider (never EnsureCreated).
/// Run the same cases on both providers with an abstract test class and two sealed subclasses:
/// <code>
/// public sealed class XTests_Sqlite(SqliteTestDatabase db) : XTests(db), IClassFixture&lt;SqliteTestDatabase&gt;;
/// public sealed class XTests_Postgres(PostgresTestDatabase db) : XTests(db), IClassFixture&lt;PostgresTestDatabase&gt;;
/// </code>
/// Tests of one class share the database: give what they insert unique codes (see <see cref="TestData"/>).
/// </summary>
public abstract class TestDatabase : IAsyncLifetime
{
    private string? connectionString;

    public abstract DatabaseProvider Provider { get; }

    public string ConnectionString =>
        connectionString ?? throw new InvalidOperationException("The test database is not initialised yet.");

    /// <summary>A new context with the app's interceptors; <paramref name="actor"/> is who the audit stamps.</summary>
    public ReturnsDbContext CreateContext(TimeProvider? clock = null, string actor = "test", SettlementChannels? channels = null) =>
        DatabaseSetup.CreateContext(Provider, ConnectionString, clock ?? TimeProvider.System, new FixedActor(actor), channels);

    public async Task InitializeAsync()
    {
        connectionString = await CreateDatabaseAsync();
        await using var db = CreateContext();
        await db.Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        if (connectionString is not null)
        {
            await DeleteDatabaseAsync(connectionString);
        }
    }

    protected abstract Task<string> CreateDatabaseAsync();

    protected abstract Task DeleteDatabaseAsync(string connectionString);

    private sealed class FixedActor(string name) : IActorAccessor
    {
        public string CurrentActor => name;
    }
}

/// <summary>A SQLite file in the temp folder, deleted afterwards.</summary>
public sealed class SqliteTestDatabase : TestDatabase
{
    private string? path;

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task<string> CreateDatabaseAsync()
    {
        path = Path.Combine(Path.GetTempPath(), $"rp-test-{Guid.NewGuid():N}.db");
        return Task.FromResult(new SqliteConnectionStringBuilder { DataSource = path }.ToString());
    }

    protected override Task DeleteDatabaseAsync(string connectionString)
    {
        // Pooled connections keep the file open.
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            if (file is not null && File.Exists(file))
            {
                File.Delete(file);
            }
        }
        return Task.CompletedTask;
    }
}

/// <summary>A new database in the shared throwaway PostgreSQL server (<see cref="PostgresCluster"/>).</summary>
public sealed class PostgresTestDatabase : TestDatabase
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override async Task<string> CreateDatabaseAsync()
    {
        var cluster = await PostgresCluster.GetAsync();
        return await cluster.CreateDatabaseAsync("rp_test");
    }

    protected override async Task DeleteDatabaseAsync(string connectionString)
    {
        var cluster = await PostgresCluster.GetAsync();
        await cluster.DropDatabaseAsync(connectionString);
    }
}
