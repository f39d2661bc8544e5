namespace ReturnsPortal.Domain.Analytics;

public sealed record SerialReturnersReport(
    DateTime FromUtc, DateTime ToUtc, int Buyers, IReadOnlyList<RateBucket> Distribution, IReadOnlyList<CustomerReturnStats> SerialReturners);
