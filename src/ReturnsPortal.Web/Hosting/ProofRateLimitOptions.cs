using System.ComponentModel.DataAnnotations;

namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// <c>RateLimits:Proof</c>: how often a customer may prove who they are (ADR 0122). Every door that takes an order
/// number or RMA with an e-mail, a postcode or a signed link counts per client address (IPv6 per /64), and the wrong
/// proofs of one order number or RMA count apart, from every address together. The older <c>RateLimits:FindOrder</c>
/// keys, when set, still give the per-address values (an install keeps its tuning).
/// </summary>
public sealed class ProofRateLimitOptions
{
    [Range(1, int.MaxValue, ErrorMessage = "RateLimits:Proof:PermitLimit must be between {1} and {2}.")]
    public int PermitLimit { get; set; } = 10;

    [Range(1, 1440, ErrorMessage = "RateLimits:Proof:WindowMinutes must be between {1} and {2}.")]
    public int WindowMinutes { get; set; } = 15;

    /// <summary>Wrong proofs one order number or RMA takes per window; then even the right one is refused until it ends.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "RateLimits:Proof:FailuresPerOrder must be between {1} and {2}.")]
    public int FailuresPerOrder { get; set; } = 5;

    [Range(1, 1440, ErrorMessage = "RateLimits:Proof:FailureWindowMinutes must be between {1} and {2}.")]
    public int FailureWindowMinutes { get; set; } = 60;
}
