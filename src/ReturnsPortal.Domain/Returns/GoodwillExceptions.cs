namespace ReturnsPortal.Domain.Returns;

/// <summary>
/// A goodwill exception accepts what eligibility refuses for the window or the merchant's exclusions: whatever the
/// merchant wishes to take back, hygiene included (that exclusion protects the merchant, not the customer). It never
/// invents quantities: what was already returned, or an order not delivered yet, stays refused (ADR 0037).
/// </summary>
public static class GoodwillExceptions
{
    public static bool CanOverride(LineEligibility line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return !line.Eligible && line.QuantityLeft > 0
            && line.NotEligibleReason is IneligibleReason.WindowClosed or IneligibleReason.NonReturnable;
    }

    /// <summary>The line as eligible for any reason, naming the overridden rule; unchanged when goodwill cannot apply.</summary>
    public static LineEligibility Override(LineEligibility line) =>
        CanOverride(line)
            ? line with
            {
                Eligible = true,
                DefectOnly = false,
                QuantityReturnable = line.QuantityLeft,
                NotEligibleReason = null,
                OverriddenByGoodwill = line.NotEligibleReason,
            }
            : line;

    public static OrderEligibility Apply(OrderEligibility order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order with { Lines = order.Lines.Select(Override).ToList() };
    }

    /// <summary>The trimmed reason, or a <see cref="DomainException"/> when it is blank or too long.</summary>
    public static string CheckReason(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("return.goodwill_reason_required", "A goodwill exception needs a written reason.");
        }
        var trimmed = reason.Trim();
        return trimmed.Length <= ReturnRequest.GoodwillReasonLength
            ? trimmed
            : throw new DomainException("return.goodwill_reason_too_long", $"At most {ReturnRequest.GoodwillReasonLength} characters.");
    }
}
