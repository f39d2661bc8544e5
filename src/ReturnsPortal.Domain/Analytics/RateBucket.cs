namespace ReturnsPortal.Domain.Analytics;

/// <summary>Customers whose return rate is in (From, To] (the first bucket is exactly 0; the last has no upper bound).</summary>
public sealed record RateBucket(double From, double? To, int Customers);
