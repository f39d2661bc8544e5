using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Analytics;

/// <summary>
/// Daily rollups the dashboard reads instead of the operational tables (ADR 0041). Each row is derived: the whole
/// day is recomputed from the operational tables by <see cref="RollupBuilder"/> whenever something of that day
/// changed, so a rollup never drifts from <see cref="ReturnAnalytics"/>, the reference computation.
/// Days are shop days (Europe/Paris) like <see cref="AnalyticsPeriod"/>.
/// </summary>
public sealed class SalesDaily
{
    public DateOnly Day { get; set; }
    public int ProductId { get; set; }
    public int CategoryId { get; set; }
    public long Units { get; set; }
    public long Value { get; set; }
}

/// <summary>Counted returned lines (not cancelled, not expired) per day of the return's creation, product and reason.</summary>
public sealed class ReturnLinesDaily
{
    public DateOnly Day { get; set; }
    public int ProductId { get; set; }
    public int ReasonId { get; set; }
    public int CategoryId { get; set; }
    public long Units { get; set; }
    public long Value { get; set; }
}

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
    /// <summary>The return's routed warehouse; <see cref="RollupBuilder.Unrouted"/> when never routed (the default warehouse's, ADR 0087).</summary>
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

/// <summary>A histogram of processing times: returns whose stage took [Bucket, Bucket + width) hours, and their exact total.</summary>
public sealed class DurationsDaily : ICoarseRollup, IWarehouseRollup
{
    /// <summary>Day rows, and week rows summed from them (ADR 0043).</summary>
    public RollupGrain Grain { get; set; }
    public DateOnly Day { get; set; }
    public int CategoryId { get; set; }
    public ProcessingStage Stage { get; set; }
    public int Bucket { get; set; }
    /// <summary>The return's routed warehouse; <see cref="RollupBuilder.Unrouted"/> when never routed (the default warehouse's, ADR 0087).</summary>
    public int WarehouseId { get; set; }
    public int Count { get; set; }
    public long Seconds { get; set; }
}

/// <summary>"Something of this day changed": written in the same SaveChanges as the change, consumed by <see cref="RollupBuilder.CatchUpAsync"/>.</summary>
public sealed class RollupMark
{
    public long Id { get; set; }
    public DateOnly Day { get; set; }
}

/// <summary>
/// One row (<see cref="SingletonId"/>): a number bumped in the same transaction as every change to the rollup rows, so
/// that a report cached under a generation is never served once the rollups it was computed from have changed (ADR 0088).
/// </summary>
public sealed class RollupState
{
    public const int SingletonId = 1;

    public int Id { get; set; }
    public long Generation { get; set; }
}

public enum ProcessingStage
{
    RequestToReceipt,
    ReceiptToDecision,
    RequestToDecision,
    DecisionToSettlement,
    RequestToSettlement,
}

/// <summary>
/// The grain of a coarse rollup row (ADR 0043, 0090): a shop day, a whole week (Monday to Sunday, Paris) or a calendar
/// month, whose row is the sum of that week's or month's day rows (its day: the Monday, the 1st). A period reads its
/// whole months from month rows, the whole weeks around them from week rows and its edge days from day rows.
/// </summary>
public enum RollupGrain
{
    Day = 0,
    Week = 1,
    Month = 2,
}

/// <summary>Per product: units sold (orders placed) and units returned (returns created, not cancelled/expired).</summary>
public sealed class ProductRollup : ICoarseRollup
{
    public RollupGrain Grain { get; set; }
    /// <summary>The day, or the Monday of the week.</summary>
    public DateOnly Day { get; set; }
    public int ProductId { get; set; }
    public int CategoryId { get; set; }
    public int UnitsSold { get; set; }
    public int UnitsReturned { get; set; }
}

/// <summary>Per category: units and value sold (the totals and the category rates read ~20 rows a day, not ~400).</summary>
public sealed class CategoryRollup : ICoarseRollup
{
    public RollupGrain Grain { get; set; }
    public DateOnly Day { get; set; }
    public int CategoryId { get; set; }
    public int UnitsSold { get; set; }
    public long ValueSold { get; set; }
}

/// <summary>Per category and reason: units and value returned (totals, reasons, categories and the weekly trend).</summary>
public sealed class ReasonRollup : ICoarseRollup, IWarehouseRollup
{
    public RollupGrain Grain { get; set; }
    public DateOnly Day { get; set; }
    public int CategoryId { get; set; }
    public int ReasonId { get; set; }
    /// <summary>The return's routed warehouse; <see cref="RollupBuilder.Unrouted"/> when never routed (the default warehouse's, ADR 0087).</summary>
    public int WarehouseId { get; set; }
    public int UnitsReturned { get; set; }
    public long ValueReturned { get; set; }
}

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
    /// <summary>The return's routed warehouse; <see cref="RollupBuilder.Unrouted"/> when never routed (the default warehouse's, ADR 0087).</summary>
    public int WarehouseId { get; set; }
    public int Lines { get; set; }
    public int Units { get; set; }
}

/// <summary>The rollups with the return's warehouse (ADR 0087), so that one warehouse filter serves them all.</summary>
public interface IWarehouseRollup
{
    /// <summary>The routed warehouse, <see cref="RollupBuilder.Unrouted"/> for a return never routed.</summary>
    int WarehouseId { get; }
}

/// <summary>What the coarse rollups share, so that one period filter serves them all.</summary>
public interface ICoarseRollup
{
    RollupGrain Grain { get; }
    DateOnly Day { get; }
    int CategoryId { get; }
}
