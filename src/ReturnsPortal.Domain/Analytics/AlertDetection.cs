namespace ReturnsPortal.Domain.Analytics;

/// <summary>What one detection pass did, over which period.</summary>
public sealed record AlertDetection(AnalyticsPeriod Period, int Opened, int Refreshed, int Reopened);
