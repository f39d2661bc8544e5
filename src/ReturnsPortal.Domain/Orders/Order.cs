using ReturnsPortal.Domain.Customers;

namespace ReturnsPortal.Domain.Orders;

/// <summary>
/// An order of the shop (created by the import, the API or the demo seed). It records <see cref="OrderPlaced"/> when its
/// date is set and <see cref="OrderLinesChanged"/> when its lines change, which is what the sales analytics read.
/// </summary>
public sealed class Order : AggregateRoot
{
    public const int NumberLength = 40;

    /// <summary>Room for a PSP id (Stripe's <c>pi_…</c> is under 30) or a bank transfer's reference.</summary>
    public const int PaymentReferenceLength = 100;

    public int Id { get; set; }
    public required string Number { get; set; }
    public int? CustomerId { get; set; }
    public Customer? Customer { get; set; }
    /// <summary>The email given at checkout; with <see cref="Number"/> it opens the order to the customer.</summary>
    public required string Email { get; set; }
    public required string CustomerName { get; set; }
    public required string Postcode { get; set; }

    /// <summary>
    /// When the order was placed. Setting it (in an initializer, or to move the order) records <see cref="OrderPlaced"/>;
    /// EF Core loads it through the backing field, so an order read from the database records nothing.
    /// </summary>
    public DateTime PlacedAt
    {
        get;
        set
        {
            if (field == value)
            {
                return;
            }
            DateTime? movedFrom = field == default ? null : field;
            field = value;
            Record(new OrderPlaced(this, movedFrom));
        }
    }

    public DateTime? ShippedAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
    public PaymentMethod PaymentMethod { get; set; }
    public string Currency { get; set; } = Money.Euro;

    /// <summary>
    /// How the shop's payment provider or bank knows this payment (a PaymentIntent id, a transfer reference): what a
    /// refund is paid against (issue 18). Null until the shop sends it; set through <see cref="SetPaymentReference"/>.
    /// </summary>
    public string? PaymentReference { get; private set; }

    /// <summary>Sets the payment reference, trimmed; refuses one <see cref="IsValidPaymentReference"/> does not accept.</summary>
    public void SetPaymentReference(string reference)
    {
        if (!IsValidPaymentReference(reference))
        {
            throw new DomainException("payment_reference", "A payment reference is 1 to 100 printable ASCII characters.");
        }
        PaymentReference = reference.Trim();
    }

    /// <summary>
    /// 1 to <see cref="PaymentReferenceLength"/> printable ASCII characters once trimmed: PSP ids and bank references are
    /// ASCII, and anything else (accents, control characters, a pasted line break) would be refused by the provider later.
    /// </summary>
    public static bool IsValidPaymentReference(string? reference) =>
        reference?.Trim() is { Length: > 0 and <= PaymentReferenceLength } trimmed && trimmed.All(c => c is >= ' ' and <= '~');

    /// <summary>The lines; those of an order already saved are changed through <see cref="RecordLine"/> and <see cref="RemoveLine"/>.</summary>
    public List<OrderLine> Lines { get; } = [];

    /// <summary>
    /// Adds the line of this variant, or updates its quantity and price; records <see cref="OrderLinesChanged"/> when
    /// anything changed (an import sending the same order again changes nothing).
    /// </summary>
    public OrderLine RecordLine(int variantId, int quantity, Money unitPricePaid)
    {
        var line = Lines.FirstOrDefault(l => l.VariantId == variantId);
        if (line is null)
        {
            line = new OrderLine { VariantId = variantId };
            Lines.Add(line);
        }
        else if (line.Quantity == quantity && line.UnitPricePaid == unitPricePaid)
        {
            return line;
        }
        line.Quantity = quantity;
        line.UnitPricePaid = unitPricePaid;
        Record(new OrderLinesChanged(this));
        return line;
    }

    /// <summary>Removes a line (an order edited after the fact); the save deletes it.</summary>
    public void RemoveLine(OrderLine line)
    {
        if (Lines.Remove(line))
        {
            Record(new OrderLinesChanged(this));
        }
    }

    /// <summary>Order numbers are compared without case or surrounding spaces, as people type them.</summary>
    public static string NormaliseNumber(string number) => number.Trim().ToUpperInvariant();

    public static string NormaliseEmail(string email) => email.Trim().ToLowerInvariant();

    /// <summary>"75 011 " → "75011", "sw1a 1aa" → "SW1A1AA": postcodes are compared without spaces or case.</summary>
    public static string NormalisePostcode(string postcode) =>
        string.Concat(postcode.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
}
