using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
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
/// One fixed-window limiter per API key id, checked by <see cref="ApiKeyFilter"/> once the key is known: a noisy
/// integration slows down only itself, and an unknown key never gets a counter (it is refused first).
/// Per instance: several instances each allow the limit (documented in ADR 0070).
/// </summary>
public sealed class ApiKeyRateLimiter(IOptions<ApiKeyRateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<int> limiter = PartitionedRateLimiter.Create<int, int>(keyId =>
        RateLimitPartition.GetFixedWindowLimiter(keyId, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, options.Value.PermitLimit),
            Window = TimeSpan.FromSeconds(Math.Max(1, options.Value.WindowSeconds)),
            QueueLimit = 0,
        }));

    /// <summary>Takes one permit for the key; false (with the wait) when the key used up its window.</summary>
    public (bool Allowed, TimeSpan RetryAfter) TryAcquire(int keyId)
    {
        using var lease = limiter.AttemptAcquire(keyId);
        if (lease.IsAcquired)
        {
            return (true, TimeSpan.Zero);
        }
        return (false, lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(options.Value.WindowSeconds));
    }

    public void Dispose() => limiter.Dispose();
}
