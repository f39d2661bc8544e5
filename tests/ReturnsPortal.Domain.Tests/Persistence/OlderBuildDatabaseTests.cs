using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Persistence;

public sealed class OlderBuildDatabaseTests_Sqlite(SqliteTestDatabase db) : OlderBuildDatabaseTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class OlderBuildDatabaseTests_Postgres(PostgresTestDatabase db) : OlderBuildDatabaseTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>
/// A database made by an older build is recognised before migrating (ADR 0095). Each test puts the shared database's
/// migration history back as it found it.
/// </summary>
public abstract class OlderBuildDatabaseTests(TestDatabase database)
{
    /// <summary>The first migration of the squashed history, as an older build wrote it.</summary>
    private const string OldMigrationId = "20261126080936_Initial";

    [Fact]
    public async Task A_database_migrated_by_this_build_is_not_refused()
    {
        await using var db = database.CreateContext();

        (await OlderBuildDatabase.FindAsync(db, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task A_history_row_this_build_does_not_know_marks_a_database_of_an_older_build()
    {
        await using var db = database.CreateContext();
        await db.Database.ExecuteSqlAsync($"""INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES ({OldMigrationId}, '10.0.15')""");
        try
        {
            var reason = await OlderBuildDatabase.FindAsync(db, CancellationToken.None);

            reason.ShouldNotBeNull();
            reason.ShouldContain(OldMigrationId);
        }
        finally
        {
            await db.Database.ExecuteSqlAsync($"""DELETE FROM "__EFMigrationsHistory" WHERE "MigrationId" = {OldMigrationId}""");
        }
    }

    [Fact]
    public async Task Tables_without_the_Initial_migration_mark_a_database_of_an_older_build()
    {
        await using var db = database.CreateContext();
        var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();
        await db.Database.ExecuteSqlAsync($"""DELETE FROM "__EFMigrationsHistory" """);
        try
        {
            var reason = await OlderBuildDatabase.FindAsync(db, CancellationToken.None);

            reason.ShouldNotBeNull();
            reason.ShouldContain("holds tables");
        }
        finally
        {
            foreach (var id in applied)
            {
                await db.Database.ExecuteSqlAsync($"""INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES ({id}, '10.0.15')""");
            }
        }
    }
}
