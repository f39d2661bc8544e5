using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Customers;

namespace ReturnsPortal.Domain.Orders;

public sealed class Order
{
    public const int NumberLength = 40;

    public int Id { get; set; }
    public required string Number { get; set; }
    public int? CustomerId { get; set; }
    public Customer? Customer { get; set; }
    /// <summary>The email given at checkout; with <see cref="Number"/> it opens the order to the customer.</summary>
    public required string Email { get; set; }
    public required string CustomerName { get; set; }
    public required string Postcode { get; set; }
    public DateTime PlacedAt { get; set; }
    public DateTime? ShippedAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
    public PaymentMethod PaymentMethod { get; set; }
    public string Currency { get; set; } = Money.Euro;
    public List<OrderLine> Lines { get; } = [];

    /// <summary>Order numbers are compared without case or surrounding spaces, as people type them.</summary>
    public static string NormaliseNumber(string number) => number.Trim().ToUpperInvariant();

    public static string NormaliseEmail(string email) => email.Trim().ToLowerInvariant();

    /// <summary>"75 011 " → "75011", "sw1a 1aa" → "SW1A1AA": postcodes are compared without spaces or case.</summary>
    public static string NormalisePostcode(string postcode) =>
        string.Concat(postcode.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
}
