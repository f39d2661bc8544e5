namespace ReturnsPortal.Domain.Analytics;

/// <summary>"Something of this day changed": written in the same SaveChanges as the change, consumed by <see cref="RollupBuilder.CatchUpAsync"/>.</summary>
public sealed class RollupMark
{
    public long Id { get; set; }
    public DateOnly Day { get; set; }
}
