namespace ReturnsPortal.Domain.Analytics;

public sealed record StatusCount(ReturnStatus Status, int Count);
