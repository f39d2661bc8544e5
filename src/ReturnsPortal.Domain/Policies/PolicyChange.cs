namespace ReturnsPortal.Domain.Policies;

/// <summary>One changed term: the field, its old and new values (invariant text).</summary>
public sealed record PolicyChange(string Field, string? Old, string? New)
{
    public override string ToString() => $"{Field}: {Old ?? "—"} → {New ?? "—"}";
}
