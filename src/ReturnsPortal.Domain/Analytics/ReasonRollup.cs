namespace ReturnsPortal.Domain.Analytics;

/// <summary>Per category and reason: units and value returned (totals, reasons, categories and the weekly trend).</summary>
public sealed class ReasonRollup : ICoarseRollup, IWarehouseRollup
{
    public RollupGrain Grain { get; set; }
    public DateOnly Day { get; set; }
    public int CategoryId { get; set; }
    public int ReasonId { get; set; }
    /// <summary>The return's routed warehouse (ADR 0087).</summary>
    public int WarehouseId { get; set; }
    public int UnitsReturned { get; set; }
    public long ValueReturned { get; set; }
}
