namespace ReturnsPortal.Domain.Analytics;

public enum AnalyticsAlertKind
{
    /// <summary>The product's return rate is significantly above its category's (ADR 0040's Wilson rule).</summary>
    HighReturnRate,
    /// <summary>Most of the product's returns give one reason (ADR 0045).</summary>
    ReasonConcentration,
}
