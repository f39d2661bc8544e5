namespace ReturnsPortal.Domain.Analytics;

/// <summary>Units returned for one reason in one week (weeks start on Monday, Paris time).</summary>
public sealed record WeeklyReasonUnits(DateOnly WeekStart, string ReasonCode, long Units);
