namespace ReturnsPortal.Domain.Analytics;

/// <summary>
/// Per category (of the line) and disposition: return lines decided that day (the decision's Paris day, not the
/// return's) and their units received, i.e. the units that went to that disposition (ADR 0047).
/// </summary>
public sealed class DispositionRollup : ICoarseRollup, IWarehouseRollup
{
    public RollupGrain Grain { get; set; }
    public DateOnly Day { get; set; }
    public int CategoryId { get; set; }
    public BackOffice.Disposition Disposition { get; set; }
    /// <summary>The return's routed warehouse (ADR 0087).</summary>
    public int WarehouseId { get; set; }
    public int Lines { get; set; }
    public int Units { get; set; }
}
