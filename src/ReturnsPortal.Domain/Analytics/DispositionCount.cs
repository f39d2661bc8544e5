namespace ReturnsPortal.Domain.Analytics;

/// <summary>Return lines decided with a disposition, and the units received on them.</summary>
public sealed record DispositionCount(BackOffice.Disposition Disposition, long Lines, long Units)
{
    public static IReadOnlyList<DispositionCount> All(IEnumerable<DispositionCount> counted)
    {
        var byDisposition = counted.GroupBy(c => c.Disposition).ToDictionary(g => g.Key, g => (Lines: g.Sum(c => c.Lines), Units: g.Sum(c => c.Units)));
        return [.. Enum.GetValues<BackOffice.Disposition>().Select(d =>
            new DispositionCount(d, byDisposition.GetValueOrDefault(d).Lines, byDisposition.GetValueOrDefault(d).Units))];
    }
}
