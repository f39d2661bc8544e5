using System.ComponentModel.DataAnnotations;

namespace ReturnsPortal.Web.Hosting;

/// <summary><c>RateLimits:FindOrder</c>: how many order look-ups one client IP may try per window.</summary>
public sealed class FindOrderRateLimitOptions
{
    [Range(1, int.MaxValue, ErrorMessage = "RateLimits:FindOrder:PermitLimit must be between {1} and {2}.")]
    public int PermitLimit { get; set; } = 10;
    [Range(1, 1440, ErrorMessage = "RateLimits:FindOrder:WindowMinutes must be between {1} and {2}.")]
    public int WindowMinutes { get; set; } = 15;
}
