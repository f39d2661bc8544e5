namespace ReturnsPortal.Domain.Analytics;

/// <summary>
/// Processing times are kept as a histogram so that medians of any period can be read from daily rows: 1-hour
/// buckets up to a day, 6-hour buckets up to a week, then days. A median read from it is exact to the bucket's width.
/// </summary>
public static class DurationHistogram
{
    private const int HourlyUntil = 24;
    private const int SixHourlyUntil = 168;
    private const int Cap = 24 * 730;

    public static int Bucket(double hours) => hours switch
    {
        < 0 => 0,
        < HourlyUntil => (int)Math.Floor(hours),
        < SixHourlyUntil => HourlyUntil + ((int)Math.Floor((hours - HourlyUntil) / 6) * 6),
        _ => Math.Min(Cap, SixHourlyUntil + ((int)Math.Floor((hours - SixHourlyUntil) / 24) * 24)),
    };

    public static int Width(int bucket) => bucket switch
    {
        < HourlyUntil => 1,
        < SixHourlyUntil => 6,
        _ => 24,
    };

    /// <summary>Count, exact mean and the median interpolated within its bucket, from (bucket, count, seconds) rows.</summary>
    public static DurationStats Stats(IEnumerable<(int Bucket, long Count, long Seconds)> rows)
    {
        var buckets = rows.GroupBy(r => r.Bucket).Select(g => (Bucket: g.Key, Count: g.Sum(r => r.Count), Seconds: g.Sum(r => r.Seconds)))
            .Where(b => b.Count > 0).OrderBy(b => b.Bucket).ToList();
        var n = buckets.Sum(b => b.Count);
        if (n == 0)
        {
            return new DurationStats(0, null, null);
        }
        double ValueAt(long rank)
        {
            long before = 0;
            foreach (var (bucket, count, _) in buckets)
            {
                if (rank <= before + count)
                {
                    return bucket + (Width(bucket) * (rank - before - 0.5) / count);
                }
                before += count;
            }
            throw new InvalidOperationException("Rank beyond the histogram.");
        }
        var median = n % 2 == 1 ? ValueAt((n + 1) / 2) : (ValueAt(n / 2) + ValueAt((n / 2) + 1)) / 2;
        return new DurationStats((int)n, buckets.Sum(b => b.Seconds) / 3600.0 / n, median);
    }
}
