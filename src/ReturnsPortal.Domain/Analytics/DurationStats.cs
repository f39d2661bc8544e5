namespace ReturnsPortal.Domain.Analytics;

/// <summary>Hours between two steps of the returns that went through both; null figures without any.</summary>
public sealed record DurationStats(int Count, double? MeanHours, double? MedianHours)
{
    public static DurationStats Of(IReadOnlyCollection<double> hours)
    {
        if (hours.Count == 0)
        {
            return new DurationStats(0, null, null);
        }
        var sorted = hours.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new DurationStats(sorted.Length, hours.Average(), median);
    }
}
