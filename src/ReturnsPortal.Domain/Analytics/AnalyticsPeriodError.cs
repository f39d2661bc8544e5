namespace ReturnsPortal.Domain.Analytics;

public enum AnalyticsPeriodError
{
    Malformed,
    ToNotAfterFrom,
    TooLong,
}
