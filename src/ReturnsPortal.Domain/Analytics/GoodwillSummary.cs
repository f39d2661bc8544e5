namespace ReturnsPortal.Domain.Analytics;

/// <summary>Goodwill returns created in a period and their value (the refund estimates quoted), one amount per currency.</summary>
public sealed record GoodwillSummary(int Returns, IReadOnlyList<Money> Value);
