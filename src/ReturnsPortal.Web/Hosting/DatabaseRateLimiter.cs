using System.Data.Common;
using System.Diagnostics;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using ReturnsPortal.Domain.Operations;

namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// A fixed-window limiter for one partition whose counter is a row of <c>RateLimitCounters</c>, so every instance of a
/// cluster counts against the same limit (ADR 0111). It plugs into ASP.NET Core's rate limiter as the partition's
/// limiter, so policies, rejections and the global API-key limit work as with the framework's own limiters.
/// </summary>
public sealed class DatabaseRateLimiter(string counterKey, int permitLimit, TimeSpan window, RateLimitCounterStore store) : RateLimiter
{
    private long lastUsed = Stopwatch.GetTimestamp();

    /// <summary>Lets the partitioned limiter drop this (stateless) limiter when its client went quiet: memory stays bounded.</summary>
    public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Interlocked.Read(ref lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    /// <summary>
    /// The middleware first tries every limiter synchronously and, when one refuses, asks again with
    /// <c>AcquireAsync</c>. Counting needs the database, so this refuses without counting: every request is then
    /// counted exactly once, by <see cref="AcquireAsyncCore"/>.
    /// </summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => RateLimitCounterStore.AskAgainAsync;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref lastUsed, Stopwatch.GetTimestamp());
        var lease = await store.TakeAsync(counterKey, permitLimit, window, cancellationToken);
        Interlocked.Exchange(ref lastUsed, Stopwatch.GetTimestamp());
        return lease;
    }
}

/// <summary>
/// Takes permits from the database for <see cref="DatabaseRateLimiter"/>s, each in its own scope (a limiter outlives
/// requests), and now and then removes expired counters. When the database cannot be reached the request is refused
/// as unavailable (503), never let through uncounted and never a 500 (ADR 0111).
/// </summary>
public sealed partial class RateLimitCounterStore(IServiceScopeFactory scopes, TimeProvider clock, ILogger<RateLimitCounterStore> logger)
{
    /// <summary>How often, at most, one instance removes expired counters.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(5);

    /// <summary>Retry-After of a request refused because the counters could not be read.</summary>
    public static readonly TimeSpan UnavailableRetryAfter = TimeSpan.FromSeconds(DatabaseUnavailable.RetryAfterSeconds);

    /// <summary>Lease metadata marking a refusal for want of the database, not for being over the limit.</summary>
    public const string UnavailableMetadata = "RETURNS_PORTAL_COUNTERS_UNAVAILABLE";

    internal static readonly RateLimitLease AskAgainAsync = new Lease(false, null, unavailable: false);
    private static readonly RateLimitLease Allowed = new Lease(true, null, unavailable: false);

    private long nextSweepTicks;

    public async ValueTask<RateLimitLease> TakeAsync(string key, int limit, TimeSpan window, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        RateLimitTake take;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        try
        {
            take = await RateLimitCounters.TakeAsync(db, key, limit, window, now, ct);
        }
        catch (Exception e) when (IsDatabaseFailure(e) && !ct.IsCancellationRequested)
        {
            LogUnavailable(logger, key, e.GetType().Name, e.Message);
            return new Lease(false, UnavailableRetryAfter, unavailable: true);
        }
        await SweepIfDueAsync(db, now, ct);
        return take.Allowed ? Allowed : new Lease(false, take.RetryAfter(now), unavailable: false);
    }

    /// <summary>True when <paramref name="rejected"/> was refused because the counters could not be read.</summary>
    public static bool IsUnavailable(OnRejectedContext rejected)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        return rejected.Lease.TryGetMetadata(UnavailableMetadata, out var flag) && flag is true;
    }

    /// <summary>
    /// Answers a request refused for want of the database: 503 with Retry-After, like any request while the database
    /// is away; the API with problem details, a page with the status page.
    /// </summary>
    public static async ValueTask OnUnavailableAsync(OnRejectedContext rejected)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        var http = rejected.HttpContext;
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = ((int)UnavailableRetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        if (http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            // The same problem details as any request that meets the outage (ADR 0114).
            await DatabaseUnavailableMiddleware.WriteProblemAsync(http);
        }
        // Pages: no body, so the status code pages re-execute /status/503.
    }

    // EF wraps some provider failures (a connection that cannot open) in InvalidOperationException.
    private static bool IsDatabaseFailure(Exception e) =>
        e is DbException or TimeoutException || e.InnerException is DbException or TimeoutException;

    /// <summary>One instance removes expired rows at most every <see cref="SweepInterval"/>; a failure only waits for the next turn.</summary>
    private async Task SweepIfDueAsync(ReturnsDbContext db, DateTime now, CancellationToken ct)
    {
        var due = Interlocked.Read(ref nextSweepTicks);
        if (now.Ticks < due || Interlocked.CompareExchange(ref nextSweepTicks, (now + SweepInterval).Ticks, due) != due)
        {
            return;
        }
        try
        {
            var removed = await RateLimitCounters.DeleteExpiredAsync(db, now, ct);
            LogSwept(logger, removed);
        }
        catch (Exception e) when (IsDatabaseFailure(e) && !ct.IsCancellationRequested)
        {
            LogSweepFailed(logger, e.GetType().Name, e.Message);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Rate-limit counter {Key} could not be taken ({ExceptionType}: {Reason}): the request is refused with 503.")]
    private static partial void LogUnavailable(ILogger logger, string key, string exceptionType, string reason);

    [LoggerMessage(LogLevel.Debug, "Removed {Count} expired rate-limit counters.")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(LogLevel.Warning, "Expired rate-limit counters could not be removed ({ExceptionType}: {Reason}); next try later.")]
    private static partial void LogSweepFailed(ILogger logger, string exceptionType, string reason);

    private sealed class Lease(bool isAcquired, TimeSpan? retryAfter, bool unavailable) : RateLimitLease
    {
        public override bool IsAcquired => isAcquired;

        public override IEnumerable<string> MetadataNames =>
            (retryAfter, unavailable) switch
            {
                (null, _) => [],
                (_, false) => [MetadataName.RetryAfter.Name],
                _ => [MetadataName.RetryAfter.Name, UnavailableMetadata],
            };

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = wait;
                return true;
            }
            if (unavailable && metadataName == UnavailableMetadata)
            {
                metadata = true;
                return true;
            }
            metadata = null;
            return false;
        }
    }
}
