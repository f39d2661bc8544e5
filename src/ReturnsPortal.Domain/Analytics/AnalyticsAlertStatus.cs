namespace ReturnsPortal.Domain.Analytics;

public enum AnalyticsAlertStatus
{
    Open,
    Acknowledged,
}
