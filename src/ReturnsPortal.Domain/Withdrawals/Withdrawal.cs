using System.Security.Cryptography;
using ReturnsPortal.Domain.Orders;

namespace ReturnsPortal.Domain.Withdrawals;

/// <summary>
/// A customer's withdrawal from a distance contract (EU Directive 2023/2673, the online withdrawal function):
/// a legal record, kept apart from ordinary returns and never edited once saved (its EF configuration makes
/// every property throw on update). One per order; it starts the merchant's 14-day refund clock.
/// </summary>
public sealed class Withdrawal : AggregateRoot
{
    public const int ReferenceLength = 12;
    public const int NameLength = 200;
    public const int EmailLength = 254;
    public const int LanguageLength = 5;
    public const int ContentLength = 8000;

    /// <summary>The legal withdrawal period and the merchant's refund period, both 14 days.</summary>
    public static readonly TimeSpan LegalPeriod = TimeSpan.FromDays(14);

    private Withdrawal() { }

    public int Id { get; private set; }
    /// <summary>"RT-XXXX-XXXX", from the RMA alphabet so it can be read aloud.</summary>
    public string Reference { get; private set; } = "";
    public int OrderId { get; private set; }
    public string OrderNumber { get; private set; } = "";
    /// <summary>The name as the customer typed it: the record keeps what they declared.</summary>
    public string CustomerName { get; private set; } = "";
    public string CustomerEmail { get; private set; } = "";
    public string Language { get; private set; } = "fr";
    public DateTime SubmittedAt { get; private set; }
    /// <summary>What the customer withdrew from, as text (order, items, delivery), exactly as acknowledged.</summary>
    public string Content { get; private set; } = "";
    /// <summary>The merchant refunds within 14 days of the withdrawal (it may wait for the goods or proof of shipment).</summary>
    public DateTime RefundDeadline { get; private set; }

    /// <summary>
    /// The first instant after the withdrawal period, in UTC, or null before delivery (withdrawal is allowed from
    /// the order on). The 14 days are counted in whole days from the day after delivery in Paris time, so the period
    /// ends at midnight (Paris) at the end of the 14th day.
    /// </summary>
    public static DateTime? PeriodEndsAt(DateTime? deliveredAt)
    {
        if (deliveredAt is not { } delivered)
        {
            return null;
        }
        var deliveryDay = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(delivered, DateTimeKind.Utc), ShopTime.Paris).Date;
        var end = DateTime.SpecifyKind(deliveryDay.AddDays(LegalPeriod.TotalDays + 1), DateTimeKind.Unspecified);
        return TimeZoneInfo.ConvertTimeToUtc(end, ShopTime.Paris);
    }

    public static bool IsOpen(DateTime? deliveredAt, DateTime now) => PeriodEndsAt(deliveredAt) is not { } end || now < end;

    /// <summary>A reference such as "RT-7KXM-4QHT" (RMA alphabet, no look-alike characters).</summary>
    public static string NewReference() => "RT" + RmaNumber.Generate()[2..];

    /// <summary>
    /// Records the withdrawal of <paramref name="order"/>; refuses it after the withdrawal period.
    /// <paramref name="content"/> is what the customer is told they withdrew from (order, delivery, items), composed
    /// by the portal in <paramref name="language"/> from its resources; it is stored as given, cut at
    /// <see cref="ContentLength"/>, and never recomposed, so rewording a resource leaves saved records as they were.
    /// </summary>
    public static Withdrawal Submit(Order order, string name, string email, string language, string content, string reference, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (at.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException("Times are stored in UTC.", nameof(at));
        }
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > NameLength)
        {
            throw new DomainException("withdrawal.name", "The customer's name is required.");
        }
        if (string.IsNullOrWhiteSpace(email) || email.Trim().Length > EmailLength)
        {
            throw new DomainException("withdrawal.email", "The customer's email is required.");
        }
        if (string.IsNullOrWhiteSpace(content))
        {
            throw new DomainException("withdrawal.content", "The record states what is withdrawn from.");
        }
        if (!IsOpen(order.DeliveredAt, at))
        {
            throw new DomainException("withdrawal.period_over", $"The withdrawal period of order {order.Number} is over.");
        }
        var lang = ShopLanguage.Normalise(language);
        var withdrawal = new Withdrawal
        {
            Reference = reference,
            OrderId = order.Id,
            OrderNumber = order.Number,
            CustomerName = name.Trim(),
            CustomerEmail = Order.NormaliseEmail(email),
            Language = lang,
            SubmittedAt = at,
            Content = content.Length <= ContentLength ? content : content[..ContentLength],
            RefundDeadline = at + LegalPeriod,
        };
        // The acknowledgement on a durable medium is a legal duty: it is queued in the save that records the withdrawal.
        withdrawal.Record(new WithdrawalReceived(withdrawal, order.Email));
        return withdrawal;
    }
}
