namespace ReturnsPortal.Domain.Analytics;

/// <summary>
/// One row (<see cref="SingletonId"/>): a number bumped in the same transaction as every change to the rollup rows, so
/// that a report cached under a generation is never served once the rollups it was computed from have changed (ADR 0088).
/// </summary>
public sealed class RollupState
{
    public const int SingletonId = 1;

    public int Id { get; set; }
    public long Generation { get; set; }
}
