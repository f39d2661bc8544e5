namespace ReturnsPortal.Domain.Analytics;

/// <summary>
/// Returns per day of creation, category (<see cref="RollupBuilder.AllCategories"/> = every return once; otherwise
/// the returns with at least one line of that category), status and resolution.
/// </summary>
public sealed class ReturnsDaily : ICoarseRollup, IWarehouseRollup
{
    /// <summary>Day rows, and week rows summed from them (ADR 0043).</summary>
    public RollupGrain Grain { get; set; }
    public DateOnly Day { get; set; }
    public int CategoryId { get; set; }
    public ReturnStatus Status { get; set; }
    public Resolution Resolution { get; set; }
    /// <summary>The return's routed warehouse (ADR 0087).</summary>
    public int WarehouseId { get; set; }
    /// <summary>The return went through Resolved (the resolution mix counts those).</summary>
    public bool ReachedResolved { get; set; }
    public int Count { get; set; }
    public int Settled { get; set; }
    public int SettledWithinServiceLevel { get; set; }
    public int SettledWithinLegalDeadline { get; set; }
    /// <summary>Minor units paid back by refund settlements of these returns (ADR 0047).</summary>
    public long RefundsPaid { get; set; }
    /// <summary>Minor units of label fees the merchant bore for these returns: the policy's fee not charged (ADR 0047).</summary>
    public long LabelFeesBorne { get; set; }
    /// <summary>Minor units of stock written off (write-off movements' cost) from these returns' lines (ADR 0047).</summary>
    public long WriteOffs { get; set; }
}
