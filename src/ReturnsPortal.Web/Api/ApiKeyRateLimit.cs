using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ReturnsPortal.Web.Api;

/// <summary><c>RateLimits:ApiKey</c>: how many requests one API key may make per window (ADR 0070).</summary>
public sealed class ApiKeyRateLimitOptions
{
    [Range(1, int.MaxValue, ErrorMessage = "RateLimits:ApiKey:PermitLimit must be between {1} and {2}.")]
    public int PermitLimit { get; set; } = 600;
    [Range(1, 86400, ErrorMessage = "RateLimits:ApiKey:WindowSeconds must be between {1} and {2}.")]
    public int WindowSeconds { get; set; } = 60;
}

/// <summary>
/// The framework's rate limiter partitioned by API key id: a noisy integration slows down only itself, and a request
/// without a key (pages, refused keys) gets no counter. It is the <em>global</em> limiter, not an endpoint policy, so
/// that it adds to an endpoint's own policy (the eligibility look-up also counts against <c>find-order</c>): an
/// endpoint has one policy at most. It runs after authorization, when the key is known (ADR 0099).
/// The counter is in the database, shared by every instance (<see cref="DatabaseRateLimiter"/>, ADR 0111).
/// </summary>
public static class ApiKeyRateLimit
{
    public static PartitionedRateLimiter<HttpContext> Create() =>
        PartitionedRateLimiter.Create<HttpContext, int>(http =>
        {
            if (ApiKeyDefaults.KeyId(http.User) is not { } keyId)
            {
                return RateLimitPartition.GetNoLimiter(0);
            }
            var options = http.RequestServices.GetRequiredService<IOptions<ApiKeyRateLimitOptions>>().Value;
            var store = http.RequestServices.GetRequiredService<RateLimitCounterStore>();
            return RateLimitPartition.Get(keyId, id => new DatabaseRateLimiter(
                string.Create(CultureInfo.InvariantCulture, $"{CounterPrefix}:{id}"), Math.Max(1, options.PermitLimit),
                TimeSpan.FromSeconds(Math.Max(1, options.WindowSeconds)), store));
        });

    /// <summary>The counters' key prefix: <c>api-key:{id}</c>.</summary>
    public const string CounterPrefix = "api-key";

    /// <summary>429 problem details with <c>Retry-After</c> in seconds, in the client's language.</summary>
    public static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        if (RateLimitCounterStore.IsUnavailable(rejected))
        {
            await RateLimitCounterStore.OnUnavailableAsync(rejected);
            return;
        }
        var http = rejected.HttpContext;
        ApiLanguageFilter.Apply(http);
        var options = http.RequestServices.GetRequiredService<IOptions<ApiKeyRateLimitOptions>>().Value;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(options.WindowSeconds);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        await Results.Problem(
                statusCode: StatusCodes.Status429TooManyRequests, title: l["RateLimit.Title"],
                detail: string.Format(CultureInfo.CurrentCulture, l["ApiKeys.RateLimited"], seconds))
            .ExecuteAsync(http);
    }
}
