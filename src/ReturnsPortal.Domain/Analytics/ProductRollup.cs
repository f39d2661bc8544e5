namespace ReturnsPortal.Domain.Analytics;

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
