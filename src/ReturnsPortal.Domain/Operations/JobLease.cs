using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Persistence;

namespace ReturnsPortal.Domain.Operations;

/// <summary>
/// Who runs a scheduled job until when (ADR 0109): several instances share one database, and only the holder of a
/// job's lease runs its pass, so a daily job runs once per period across the cluster, not once per instance.
/// </summary>
public sealed class JobLease
{
    public const int NameLength = 100;
    public const int HolderLength = 200;

    public required string Name { get; init; }

    public required string Holder { get; set; }

    public DateTime LeasedUntil { get; set; }
}

/// <summary>Takes and renews <see cref="JobLease"/>s; every step is one statement, safe when instances race.</summary>
public static class JobLeases
{
    /// <summary>This process's holder id: machine, process id and a random part (two containers may share a pid).</summary>
    public static readonly string ProcessHolder =
        $"{Environment.MachineName[..Math.Min(100, Environment.MachineName.Length)]}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>
    /// Takes the lease on <paramref name="name"/> for <paramref name="holder"/> until <paramref name="now"/> +
    /// <paramref name="duration"/> when it is free, lapsed or already this holder's (a renewal); false when another
    /// holder has it. One conditional UPDATE, then, when no row exists yet, an INSERT that does nothing on a conflict:
    /// of two instances racing, the database lets exactly one win.
    /// </summary>
    public static async Task<bool> TryAcquireAsync(
        ReturnsDbContext db, string name, string holder, TimeSpan duration, DateTime now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(holder);
        var until = now + duration;
        var updated = await db.JobLeases
            .Where(l => l.Name == name && (l.LeasedUntil < now || l.Holder == holder))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.LeasedUntil, until), ct);
        if (updated > 0)
        {
            return true;
        }
        // ON CONFLICT DO NOTHING (PostgreSQL and SQLite alike): a failed INSERT would log an error and, on PostgreSQL,
        // spoil an enclosing transaction. The DateTime goes through the model's converter like every other column.
        var inserted = await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "JobLeases" ("Name", "Holder", "LeasedUntil") VALUES ({name}, {holder}, {until}) ON CONFLICT DO NOTHING""", ct);
        return inserted > 0;
    }
}
