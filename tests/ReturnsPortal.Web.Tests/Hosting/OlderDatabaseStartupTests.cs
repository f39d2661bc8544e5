using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Testing;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Hosting;

/// <summary>A database made by an older build stops the start with a message saying what to do (ADR 0095).</summary>
public sealed class OlderDatabaseStartupTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_database_made_by_an_older_build_stops_the_start_and_says_what_to_do(DatabaseProvider provider)
    {
        var factory = new OlderBuildPortalFactory(provider);
        try
        {
            var refusal = await Should.ThrowAsync<Exception>(factory.InitializeAsync());

            var message = string.Join(" | ", Chain(refusal).Select(e => e.Message));
            message.ShouldContain("made by an older build");
            message.ShouldContain(OlderBuildPortalFactory.OldMigrationId);
            message.ShouldContain("recreate the database");
            if (provider == DatabaseProvider.Sqlite)
            {
                message.ShouldContain("delete the data folder");
            }
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
        }
    }

    private static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    /// <summary>The portal over a database whose migration history was written by an older build.</summary>
    private sealed class OlderBuildPortalFactory(DatabaseProvider provider) : PortalFactory
    {
        public const string OldMigrationId = "20261126080936_Initial";

        public override DatabaseProvider Provider => provider;

        protected override async Task<string> CreateDatabaseAsync(string dataPath)
        {
            var connectionString = provider == DatabaseProvider.Sqlite
                ? $"Data Source={Path.Combine(dataPath, "returns.db")}"
                : await (await PostgresCluster.GetAsync()).CreateDatabaseAsync("older");
            await using DbConnection connection = provider == DatabaseProvider.Sqlite
                ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                CREATE TABLE "__EFMigrationsHistory" ("MigrationId" varchar(150) NOT NULL PRIMARY KEY, "ProductVersion" varchar(32) NOT NULL);
                INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES ('{OldMigrationId}', '10.0.15');
                """;
            await command.ExecuteNonQueryAsync();
            return connectionString;
        }
    }
}
