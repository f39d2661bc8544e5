namespace ReturnsPortal.Domain.Returns;

/// <summary>Why a decision waits for a second person (ADR 0125); the Decide page says which.</summary>
public enum SecondApproval
{
    None,
    /// <summary>The policy version has no four-eyes limits in the order's currency: it fails closed.</summary>
    NoLimitsForCurrency,
    /// <summary>The refund is above the four-eyes limit.</summary>
    AboveFourEyes,
    /// <summary>Goods graded D or disposed of are worth more than the write-off limit.</summary>
    WriteOff,
}
