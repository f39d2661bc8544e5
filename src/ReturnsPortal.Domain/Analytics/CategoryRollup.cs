namespace ReturnsPortal.Domain.Analytics;

/// <summary>Per category: units and value sold (the totals and the category rates read ~20 rows a day, not ~400).</summary>
public sealed class CategoryRollup : ICoarseRollup
{
    public RollupGrain Grain { get; set; }
    public DateOnly Day { get; set; }
    public int CategoryId { get; set; }
    public int UnitsSold { get; set; }
    public long ValueSold { get; set; }
}
