namespace ReturnsPortal.Domain.Analytics;

/// <summary>What the coarse rollups share, so that one period filter serves them all.</summary>
public interface ICoarseRollup
{
    RollupGrain Grain { get; }
    DateOnly Day { get; }
    int CategoryId { get; }
}
