using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Testing;
using ReturnsPortal.Web.Tests.Infrastructure;
using Serilog.Core;
using Serilog.Events;

namespace ReturnsPortal.Web.Tests.Hosting;

/// <summary>
/// The first start of a new shop, with no database yet, logs no warning and no error (issue 16): the database and its
/// migration history are made before migrating, the Data Protection keys go to the database by an explicit choice
/// (ADR 0105). Each test starts its own app on a database that does not exist yet.
/// </summary>
public abstract class FirstStartTests
{
    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task The_first_start_on_no_database_logs_no_warning_and_no_error()
    {
        var factory = new FirstStartPortalFactory(Provider);
        try
        {
            await factory.InitializeAsync();
            // A page with a form: its anti-forgery token makes the app create and store its first Data Protection key.
            using var response = await factory.CreateClient().GetAsync(new Uri("/returns", UriKind.Relative));
            response.EnsureSuccessStatusCode();

            var loud = factory.Logs.Where(e => e.Level >= LogEventLevel.Warning)
                .Select(e => $"{e.Level} {e.Properties.GetValueOrDefault("SourceContext")}: {e.RenderMessage()}").ToList();
            loud.ShouldBeEmpty(string.Join(Environment.NewLine, loud));
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
            await factory.DropDatabaseAsync();
        }
    }

    [Fact]
    public async Task The_data_protection_keys_are_kept_in_the_database_for_every_instance()
    {
        var factory = new FirstStartPortalFactory(Provider);
        try
        {
            await factory.InitializeAsync();
            using var response = await factory.CreateClient().GetAsync(new Uri("/returns", UriKind.Relative));
            response.EnsureSuccessStatusCode();

            var keys = await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().DataProtectionKeys.AsNoTracking().ToListAsync());
            // Outside Production without a certificate they are stored unencrypted, on purpose (ADR 0105).
            keys.ShouldHaveSingleItem().Xml.ShouldNotBeNull().ShouldContain("unencryptedKey");
            Directory.Exists(Path.Combine(factory.DataPath, "keys")).ShouldBeFalse();
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
            await factory.DropDatabaseAsync();
        }
    }

    /// <summary>The portal on a database that does not exist yet (a new SQLite file, a new PostgreSQL database name), logs collected.</summary>
    private sealed class FirstStartPortalFactory(DatabaseProvider provider) : PortalFactory
    {
        private readonly CollectingSink sink = new();
        private string? postgresDatabase;

        public override DatabaseProvider Provider => provider;

        public IReadOnlyList<LogEvent> Logs => sink.Events;

        public string DataPath { get; private set; } = "";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(s => s.AddSingleton<ILogEventSink>(sink));
        }

        protected override async Task<string> CreateDatabaseAsync(string dataPath)
        {
            DataPath = dataPath;
            if (provider == DatabaseProvider.Sqlite)
            {
                return $"Data Source={Path.Combine(dataPath, "returns.db")}";
            }
            var cluster = await PostgresCluster.GetAsync();
            postgresDatabase = $"first_{Guid.NewGuid():N}"[..16];
            return new NpgsqlConnectionStringBuilder(cluster.AdminConnectionString) { Database = postgresDatabase }.ConnectionString;
        }

        public async Task DropDatabaseAsync()
        {
            if (postgresDatabase is not null)
            {
                var cluster = await PostgresCluster.GetAsync();
                await cluster.DropDatabaseAsync(new NpgsqlConnectionStringBuilder(cluster.AdminConnectionString) { Database = postgresDatabase }.ConnectionString);
            }
        }
    }

    private sealed class CollectingSink : ILogEventSink
    {
        private readonly ConcurrentQueue<LogEvent> events = new();

        public IReadOnlyList<LogEvent> Events => [.. events];

        public void Emit(LogEvent logEvent) => events.Enqueue(logEvent);
    }
}

public sealed class FirstStartTests_Sqlite : FirstStartTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class FirstStartTests_Postgres : FirstStartTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
