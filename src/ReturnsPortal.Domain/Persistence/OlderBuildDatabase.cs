using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace ReturnsPortal.Domain.Persistence;

/// <summary>
/// Until the first release each provider has one <c>Initial</c> migration, regenerated when the model changes
/// (ADR 0095): a database made by an older build cannot be migrated forward and must be recognised before
/// <c>MigrateAsync</c> trips over it.
/// </summary>
public static class OlderBuildDatabase
{
    private const string HistoryTable = "__EFMigrationsHistory";

    /// <summary>
    /// Why the database was made by an older build, or null when it is empty, new or made by this build: its migration
    /// history names a migration this build does not have, or it holds tables but no migration of this build.
    /// </summary>
    public static async Task<string?> FindAsync(ReturnsDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(ct))
        {
            return null;
        }
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
        var unknown = applied.Where(id => !known.Contains(id)).ToList();
        if (unknown.Count > 0)
        {
            return $"its {HistoryTable} holds {unknown.Count} migration(s) this build does not have ("
                + string.Join(", ", unknown.Take(3)) + (unknown.Count > 3 ? ", ..." : "") + ")";
        }
        if (applied.Count == 0 && await CountTablesAsync(db, ct) > 0)
        {
            return $"it holds tables but its {HistoryTable} lists no migration of this build ({string.Join(", ", known)})";
        }
        return null;
    }

    /// <summary>The tables of the database other than the migration history (which a failed first migration may leave).</summary>
    private static Task<int> CountTablesAsync(ReturnsDbContext db, CancellationToken ct) => (db is PostgresReturnsDbContext
            ? db.Database.SqlQueryRaw<int>(
                """SELECT CAST(COUNT(*) AS integer) AS "Value" FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> '__EFMigrationsHistory'""")
            : db.Database.SqlQueryRaw<int>(
                """SELECT COUNT(*) AS "Value" FROM sqlite_master WHERE type = 'table' AND name <> '__EFMigrationsHistory' AND name NOT LIKE 'sqlite_%'"""))
        .SingleAsync(ct);
}
