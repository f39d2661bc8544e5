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
