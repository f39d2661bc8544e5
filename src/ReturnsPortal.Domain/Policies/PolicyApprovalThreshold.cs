namespace ReturnsPortal.Domain.Policies;

/// <summary>
/// A policy version's four-eyes limits in one currency (ADR 0125): a settlement above <see cref="FourEyesMinor"/>, or
/// goods written off (graded D, or rejected and disposed of) worth more than <see cref="WriteOffMinor"/>, wait for a
/// second person. A currency without a row has no limit that lets a decision through alone: it always waits.
/// </summary>
public sealed class PolicyApprovalThreshold
{
    /// <summary>ISO 4217, upper case (<see cref="CurrencyCodes"/>).</summary>
    public required string Currency { get; set; }
    public long FourEyesMinor { get; set; }
    public long WriteOffMinor { get; set; }

    public Money FourEyes => new(FourEyesMinor, Currency);
    public Money WriteOff => new(WriteOffMinor, Currency);
}
