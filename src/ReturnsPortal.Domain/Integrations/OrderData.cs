using ReturnsPortal.Domain.Orders;

namespace ReturnsPortal.Domain.Integrations;

public sealed record OrderData(
    string? Number, string? Email, string? FirstName, string? LastName, string? Language,
    string? Line1, string? Line2, string? Postcode, string? City, string? Country,
    DateTime? PlacedAt, DateTime? ShippedAt, DateTime? DeliveredAt, PaymentMethod? PaymentMethod, string? Currency,
    IReadOnlyList<OrderLineData> Lines)
{
    /// <summary>Null when the shop did not send one: the order keeps the reference it has.</summary>
    public string? PaymentReference { get; init; }
}
