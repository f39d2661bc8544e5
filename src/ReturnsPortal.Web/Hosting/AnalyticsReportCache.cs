using Microsoft.Extensions.Caching.Memory;
using ReturnsPortal.Domain.Analytics;

namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// The dashboard's reports per (rollup generation, period, filter), so that repeated views and CSV exports of the same
/// filters do not recompute them (ADR 0088). The generation is read from the database after the catch-up and bumped in
/// the transaction of every rollup change, so an entry is only ever found while its rollups are unchanged, whichever app
/// instance changed them. Its own <see cref="MemoryCache"/>: a size limit on a shared one would oblige every other entry
/// to state a size.
/// </summary>
public sealed class AnalyticsReportCache : IDisposable
{
    /// <summary>How many reports are kept (each weighs one); the least recently used go first when full.</summary>
    public const int Capacity = 200;

    /// <summary>An entry not read for this long is dropped: old generations are never asked for again.</summary>
    public static readonly TimeSpan Sliding = TimeSpan.FromMinutes(2);

    /// <summary>Whatever happens, no report lives longer than this.</summary>
    public static readonly TimeSpan Absolute = TimeSpan.FromMinutes(10);

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = Capacity });
    private long hits;
    private long misses;

    /// <summary>
    /// <c>Analytics:CacheReports</c>, on unless configured off: off, every view computes its report (the bench measures
    /// first views that way, docs/performance.md).
    /// </summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Reports served from the cache.</summary>
    public long Hits => Interlocked.Read(ref hits);

    /// <summary>Reports computed (and then kept).</summary>
    public long Misses => Interlocked.Read(ref misses);

    /// <summary>
    /// The report of <paramref name="period"/> and <paramref name="filter"/> at <paramref name="generation"/>, computed by
    /// <paramref name="compute"/> when not kept. Read the generation BEFORE computing: the report is then at least as new.
    /// </summary>
    public async Task<AnalyticsReport> GetOrComputeAsync(
        long generation, AnalyticsPeriod period, AnalyticsFilter filter, Func<CancellationToken, Task<AnalyticsReport>> compute, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(compute);
        if (!Enabled)
        {
            Interlocked.Increment(ref misses);
            return await compute(ct);
        }
        var key = new Key(generation, period, filter);
        if (cache.TryGetValue(key, out AnalyticsReport? kept) && kept is not null)
        {
            Interlocked.Increment(ref hits);
            return kept;
        }
        Interlocked.Increment(ref misses);
        // Two simultaneous first views both compute: same result, no lock held across a database query.
        var report = await compute(ct);
        cache.Set(key, report, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = Sliding, AbsoluteExpirationRelativeToNow = Absolute });
        return report;
    }

    public void Dispose() => cache.Dispose();

    private sealed record Key(long Generation, AnalyticsPeriod Period, AnalyticsFilter Filter);
}

/// <summary>The <c>Analytics</c> section.</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "Analytics";

    /// <summary>
    /// <c>Analytics:CacheReports</c>, on unless configured off: off, every view computes its report (the bench measures
    /// first views that way, docs/performance.md).
    /// </summary>
    public bool CacheReports { get; set; } = true;
}
