namespace ReturnsPortal.Domain.Analytics;

/// <summary>One customer over the window: returns made, units bought and returned, value returned (minor units).</summary>
public sealed record CustomerReturnStats(string Email, int Returns, long UnitsBought, long UnitsReturned, long ValueReturned)
{
    /// <summary>Returned ÷ bought units; null without purchases in the window (returns of older orders only).</summary>
    public double? Rate => UnitsBought == 0 ? null : (double)UnitsReturned / UnitsBought;

    public bool IsSerial => SerialReturners.IsSerial(Returns, UnitsReturned, UnitsBought);
}
