namespace ReturnsPortal.Domain.Analytics;

/// <summary>What the analytics dashboard and API show for one period, beside the previous period (ADR 0040).</summary>
public sealed record AnalyticsReport(
    AnalyticsPeriod Period,
    int? CategoryId,
    AnalyticsKpis Current,
    AnalyticsKpis Previous,
    IReadOnlyList<ReasonShare> Reasons,
    IReadOnlyList<CategoryReasonShare> ReasonsByCategory,
    IReadOnlyList<string> TrendReasonCodes,
    IReadOnlyList<WeeklyReasonUnits> Weekly,
    IReadOnlyList<ProblemProduct> ProblemProducts)
{
    /// <summary>Return lines decided in the period per disposition, every disposition listed (ADR 0047).</summary>
    public IReadOnlyList<DispositionCount> Dispositions { get; init; } = [];

    /// <summary>The filters the report was computed with; <see cref="CategoryId"/> is its category (ADR 0087).</summary>
    public AnalyticsFilter Filter { get; init; } = AnalyticsFilter.None;

    /// <summary>False for an empty period: pages say "no data" rather than showing zeros that look like facts.</summary>
    public bool HasData => Current.HasData;
}
