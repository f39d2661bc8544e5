using System.Text;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Web.Notifications;

namespace ReturnsPortal.Web.Pages.Returns.Withdraw;

/// <summary>
/// What a withdrawal record says the customer withdrew from: the order, its delivery day (Paris time) and its items,
/// in the customer's language (words from <see cref="SharedResource"/>, <c>Withdrawal.Content.…</c>). The text is
/// stored with the record (<c>Withdrawal.Content</c>) exactly as acknowledged, so it is composed once, here.
/// </summary>
public static class WithdrawalContent
{
    /// <summary>The content of <paramref name="order"/> (its lines with variant and product loaded) in <paramref name="language"/>.</summary>
    public static string Compose(Order order, string language, IStringLocalizer l)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(l);
        // The customer's language for words, dates and prices, whatever the culture of the request composing it.
        using var scope = new CultureScope(language);
        var culture = CultureInfo.CurrentCulture;
        var text = new StringBuilder();
        if (order.DeliveredAt is { } delivered)
        {
            text.Append(l["Withdrawal.Content.Delivered", order.Number, delivered.ToLocalFrench()].Value);
        }
        else
        {
            text.Append(l["Withdrawal.Content.NotDelivered", order.Number].Value);
        }
        text.AppendLine();
        foreach (var line in order.Lines.OrderBy(x => x.Id))
        {
            var product = line.Variant?.Product?.Name ?? "?";
            text.AppendLine(culture, $"{line.Quantity} × {product} ({line.Variant?.Sku}), {line.UnitPricePaid.Format(culture)}");
        }
        return text.ToString().TrimEnd();
    }
}
