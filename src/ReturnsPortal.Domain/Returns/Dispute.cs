namespace ReturnsPortal.Domain.Returns;

/// <summary>
/// A parcel that came without any declared item (ADR 0032): the case is open with the carrier or the customer, and the
/// warehouse's note for colleagues (never sent to the customer). A complex type kept in the return's own columns
/// <c>IsDisputed</c> and <c>DisputeNote</c> (ADR 0103); <see cref="None"/> for every other return.
/// </summary>
public sealed record Dispute(bool IsOpen, string? Note)
{
    public static readonly Dispute None = new(false, null);
}
