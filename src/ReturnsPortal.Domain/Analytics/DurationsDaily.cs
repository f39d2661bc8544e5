namespace ReturnsPortal.Domain.Analytics;

/// <summary>A histogram of processing times: returns whose stage took [Bucket, Bucket + width) hours, and their exact total.</summary>
public sealed class DurationsDaily : ICoarseRollup, IWarehouseRollup
{
    /// <summary>Day rows, and week rows summed from them (ADR 0043).</summary>
    public RollupGrain Grain { get; set; }
    public DateOnly Day { get; set; }
    public int CategoryId { get; set; }
    public ProcessingStage Stage { get; set; }
    public int Bucket { get; set; }
    /// <summary>The return's routed warehouse (ADR 0087).</summary>
    public int WarehouseId { get; set; }
    public int Count { get; set; }
    public long Seconds { get; set; }
}
