namespace ReturnsPortal.Domain.Analytics;

public enum AnalyticsFilterKind
{
    Category,
    Reason,
    Resolution,
    Warehouse,
}
