using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Persistence;

namespace ReturnsPortal.Domain.Operations;

/// <summary>
/// One fixed-window rate-limit counter, shared by every instance of a cluster (ADR 0111): the key names the policy
/// and its partition (<c>find-order:203.0.113.7</c>, <c>api-key:12</c>), <see cref="Count"/> the permits asked for
/// in the window that ends at <see cref="WindowEnd"/>. The end, not the start, is stored so that expired rows can be
/// removed without knowing each policy's window.
/// </summary>
public sealed class RateLimitCounter
{
    public const int KeyLength = 200;

    public required string Key { get; init; }

    public DateTime WindowEnd { get; init; }

    public int Count { get; init; }
}

/// <summary>What one <see cref="RateLimitCounters.TakeAsync"/> gave: allowed or not, and when the window ends.</summary>
public readonly record struct RateLimitTake(bool Allowed, int Count, DateTime WindowEnd)
{
    /// <summary>Time until the window ends, at least one second (a refused client is never told "now").</summary>
    public TimeSpan RetryAfter(DateTime now) => WindowEnd - now is var left && left > TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1);
}

/// <summary>Takes permits from <see cref="RateLimitCounter"/>s: one statement each, exact when instances race.</summary>
public static class RateLimitCounters
{
    /// <summary>
    /// Takes one permit of <paramref name="key"/>: allowed while the window holds at most <paramref name="limit"/>
    /// takes. One upsert (PostgreSQL, and SQLite since 3.35): the first take, or the first after the window ended,
    /// writes a count of 1 and a new window end; any other adds one. The database locks the row for the update, so of
    /// any number of concurrent callers exactly <paramref name="limit"/> are allowed. A refused take still counts, up
    /// to <c>limit + 1</c> (the count never grows without end).
    /// </summary>
    public static async Task<RateLimitTake> TakeAsync(
        ReturnsDbContext db, string key, int limit, TimeSpan window, DateTime now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        var end = now + window;
        var rows = await db.Database.SqlQuery<Row>(
            $"""
            INSERT INTO "RateLimitCounters" ("Key", "WindowEnd", "Count") VALUES ({key}, {end}, 1)
            ON CONFLICT ("Key") DO UPDATE SET
                "Count" = CASE WHEN "RateLimitCounters"."WindowEnd" <= {now} THEN 1
                               WHEN "RateLimitCounters"."Count" > {limit} THEN "RateLimitCounters"."Count"
                               ELSE "RateLimitCounters"."Count" + 1 END,
                "WindowEnd" = CASE WHEN "RateLimitCounters"."WindowEnd" <= {now} THEN {end}
                                   ELSE "RateLimitCounters"."WindowEnd" END
            RETURNING "Count", "WindowEnd"
            """).ToListAsync(ct);
        var row = rows.Single();
        // SQLite reads the text back as Unspecified; every DateTime of the domain is UTC.
        return new RateLimitTake(row.Count <= limit, row.Count, DateTime.SpecifyKind(row.WindowEnd, DateTimeKind.Utc));
    }

    /// <summary>
    /// Gives back one permit taken in the running window of <paramref name="key"/> (never below zero; nothing once the
    /// window ended). A counter of failed attempts takes a permit before each attempt, so that concurrent attempts
    /// cannot overshoot its limit, and gives it back when the attempt succeeded (ADR 0122).
    /// </summary>
    public static Task<int> GiveBackAsync(ReturnsDbContext db, string key, DateTime now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrEmpty(key);
        return db.RateLimitCounters.Where(c => c.Key == key && c.WindowEnd > now && c.Count > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Count, c => c.Count - 1), ct);
    }

    /// <summary>Removes the counters whose window ended by <paramref name="now"/>: a later take starts afresh anyway.</summary>
    public static Task<int> DeleteExpiredAsync(ReturnsDbContext db, DateTime now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.RateLimitCounters.Where(c => c.WindowEnd <= now).ExecuteDeleteAsync(ct);
    }

    private sealed record Row(int Count, DateTime WindowEnd);
}
