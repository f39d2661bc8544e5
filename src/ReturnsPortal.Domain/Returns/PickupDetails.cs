namespace ReturnsPortal.Domain.Returns;

/// <summary>Where and when the carrier collects a pickup return.</summary>
public sealed record PickupDetails
{
    public required string Line1 { get; init; }
    public string? Line2 { get; init; }
    public required string Postcode { get; init; }
    public required string City { get; init; }
    public required DateOnly Date { get; init; }
}
