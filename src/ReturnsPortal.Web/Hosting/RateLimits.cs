using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// Order number + e-mail or postcode, RMA + e-mail: that is all a customer proves, and order numbers are sequential.
/// Every door that takes such a proof is limited per client address (<see cref="CustomerProof"/>, IPv6 grouped by
/// /64), and the wrong proofs of one order number or RMA are counted apart from every address together
/// (<see cref="ProofAttempts"/>); ADR 0011, 0122. Over a limit a page answers 429 with the status page ("try again in
/// N minutes"), the API with problem details. Every limit counts in the database, shared by all instances
/// (<see cref="DatabaseRateLimiter"/>, ADR 0111).
/// </summary>
public static class RateLimits
{
    /// <summary>
    /// The policy of every customer proof: form posts of the look-up, withdrawal and tracking pages, their e-mail links
    /// (a signed <c>t</c> query) and the API calls that take a customer's e-mail; never a page view.
    /// </summary>
    public const string CustomerProof = "customer-proof";

    /// <summary>Whole minutes until the client may try again, for the status page (HttpContext.Items).</summary>
    public const string RetryMinutesItem = "RateLimits.RetryMinutes";

    public static IServiceCollection AddPortalRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var legacy = configuration.GetSection("RateLimits:FindOrder");
        services.AddValidatedOptions<ProofRateLimitOptions>(configuration, "RateLimits:Proof")
            // The section's name before ADR 0122: PermitLimit and WindowMinutes set there still win, so an install
            // that tuned its look-up limit keeps it for every proof.
            .Configure(o => legacy.Bind(o));
        services.AddSingleton<RateLimitCounterStore>();
        services.AddScoped<ProofAttempts>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Every API key has its own limit on top of any endpoint policy (ADR 0099); its rejection is the default one.
            limiter.GlobalLimiter = Api.ApiKeyRateLimit.Create();
            limiter.OnRejected = Api.ApiKeyRateLimit.OnRejectedAsync;
            limiter.AddPolicy<string, CustomerProofPolicy>(CustomerProof);
        });
        return services;
    }

    /// <summary>One counter per client address for every customer proof, with its own rejection (status page or problem details).</summary>
    private sealed class CustomerProofPolicy : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => OnRejectedAsync;

        public RateLimitPartition<string> GetPartition(HttpContext context)
        {
            var request = context.Request;
            var isApi = request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
            var isRead = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
            // Reading a form proves nothing; following an e-mail link (its signed token) does.
            if (!isApi && isRead && !request.Query.ContainsKey(Pages.Returns.Track.ReturnLinks.QueryName))
            {
                return RateLimitPartition.GetNoLimiter("page-view");
            }
            var options = context.RequestServices.GetRequiredService<IOptions<ProofRateLimitOptions>>().Value;
            // Behind a reverse proxy this is the client's address once the proxy is listed in
            // Proxy:KnownProxies/KnownNetworks (forwarded headers run first, ADR 0108); otherwise every customer shares
            // the proxy's address.
            var client = ClientAddress.Partition(context.Connection.RemoteIpAddress);
            var store = context.RequestServices.GetRequiredService<RateLimitCounterStore>();
            return RateLimitPartition.Get(client, key => new DatabaseRateLimiter(
                $"proof-ip:{key}", options.PermitLimit, TimeSpan.FromMinutes(options.WindowMinutes), store));
        }
    }

    /// <summary>
    /// Prepares a 429 for a proof refused by <see cref="ProofAttempts"/>: Retry-After and the minutes the status page
    /// shows. A page then returns <c>StatusCode(429)</c> (no body: the status page is re-executed), the API
    /// <see cref="TooManyProblem"/>.
    /// </summary>
    public static int PrepareRefusal(HttpContext http, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(http);
        var minutes = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalMinutes));
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        http.Items[RetryMinutesItem] = minutes;
        return minutes;
    }

    /// <summary>The API's answer to a refused proof: problem details 429 with Retry-After, as the address limit gives.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooManyProblem(HttpContext http, TimeSpan retryAfter, IStringLocalizer<SharedResource> l)
    {
        ArgumentNullException.ThrowIfNull(l);
        var minutes = PrepareRefusal(http, retryAfter);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: l["RateLimit.Title"], detail: TryAgainText(l, minutes));
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
