using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// Order number + e-mail or postcode is all a customer proves, and postcodes are few: look-ups are limited per client
/// IP (docs/decisions/0011-find-order-postcode-and-rate-limit.md). Over the limit a page answers 429 with the
/// status page ("try again in N minutes"), the API with problem details. Every limit counts in the database, shared
/// by all instances (<see cref="DatabaseRateLimiter"/>, ADR 0111).
/// </summary>
public static class RateLimits
{
    /// <summary>The policy for order look-ups: form posts of /returns and API look-ups, never a page view.</summary>
    public const string FindOrder = "find-order";

    /// <summary>Whole minutes until the client may try again, for the status page (HttpContext.Items).</summary>
    public const string RetryMinutesItem = "RateLimits.RetryMinutes";

    public static IServiceCollection AddPortalRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<FindOrderRateLimitOptions>(configuration, "RateLimits:FindOrder");
        services.AddSingleton<RateLimitCounterStore>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Every API key has its own limit on top of any endpoint policy (ADR 0099); its rejection is the default one.
            limiter.GlobalLimiter = Api.ApiKeyRateLimit.Create();
            limiter.OnRejected = Api.ApiKeyRateLimit.OnRejectedAsync;
            limiter.AddPolicy<string, FindOrderPolicy>(FindOrder);
        });
        return services;
    }

    /// <summary>One counter per client IP for order look-ups, with its own rejection (status page or problem details).</summary>
    private sealed class FindOrderPolicy : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => OnRejectedAsync;

        public RateLimitPartition<string> GetPartition(HttpContext context)
        {
            var isApi = context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
            if (!isApi && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
            {
                return RateLimitPartition.GetNoLimiter("page-view");
            }
            var options = context.RequestServices.GetRequiredService<IOptions<FindOrderRateLimitOptions>>().Value;
            // One counter per client IP for the page and the API together. Behind a reverse proxy this is the client's
            // address once the proxy is listed in Proxy:KnownProxies/KnownNetworks (forwarded headers run first, ADR
            // 0108); otherwise every customer shares the proxy's address.
            var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            var store = context.RequestServices.GetRequiredService<RateLimitCounterStore>();
            return RateLimitPartition.Get(client, key => new DatabaseRateLimiter(
                $"{FindOrder}:{key}", Math.Max(1, options.PermitLimit), TimeSpan.FromMinutes(Math.Max(1, options.WindowMinutes)), store));
        }
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        if (RateLimitCounterStore.IsUnavailable(rejected))
        {
            await RateLimitCounterStore.OnUnavailableAsync(rejected);
            return;
        }
        var http = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var minutes = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalMinutes));
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        http.Items[RetryMinutesItem] = minutes;
        if (http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            await Results.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: l["RateLimit.Title"],
                    detail: TryAgainText(l, minutes))
                .ExecuteAsync(http);
        }
        // Pages: no body, so the status code pages re-execute /status/429, which reads the minutes from Items.
    }

    public static string TryAgainText(IStringLocalizer<SharedResource> l, int minutes)
    {
        ArgumentNullException.ThrowIfNull(l);
        return minutes == 1 ? l["RateLimit.TryAgainOneMinute"] : l["RateLimit.TryAgainMinutes", minutes];
    }
}
