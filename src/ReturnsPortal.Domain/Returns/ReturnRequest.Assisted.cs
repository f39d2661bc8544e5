using ReturnsPortal.Domain.Common;

namespace ReturnsPortal.Domain.Returns;

/// <summary>How the customer reached customer service for an assisted return (ADR 0036).</summary>
public enum AssistChannel
{
    Phone,
    Email,
    InStore,
}

/// <summary>A manager's goodwill exception: why, and who granted it (ADR 0037).</summary>
public sealed record GoodwillGrant(string Reason, string GrantedBy);

/// <summary>An assisted start: the staff member who keyed it in for the customer, the channel, and any goodwill.</summary>
public sealed record AssistedStart(string StaffName, AssistChannel Channel, GoodwillGrant? Goodwill = null);

/// <summary>Assisted returns and goodwill exceptions (ADR 0036, 0037): recorded once, when the return is created.</summary>
public sealed partial class ReturnRequest
{
    public const int GoodwillReasonLength = 500;

    /// <summary>The staff member who started the return for the customer; null when the customer started it.</summary>
    public string? AssistedBy { get; private set; }
    public AssistChannel? AssistChannel { get; private set; }
    /// <summary>A manager accepted at least one line that eligibility refused; counted apart in analytics.</summary>
    public bool IsGoodwill { get; private set; }
    public string? GoodwillReason { get; private set; }
    public string? GoodwillGrantedBy { get; private set; }

    /// <summary>
    /// Records who started this new return for the customer, and the goodwill exception for the lines whose refused
    /// rule it overrode (<paramref name="overridden"/>: order line id → rule). The creation entry of the audit trail
    /// says so. Only before the return has moved on: assistance is a fact of its creation.
    /// </summary>
    public void RecordAssistance(AssistedStart assisted, IReadOnlyDictionary<int, IneligibleReason> overridden)
    {
        ArgumentNullException.ThrowIfNull(assisted);
        ArgumentNullException.ThrowIfNull(overridden);
        if (Status != ReturnStatus.Requested || History.Count != 1 || AssistedBy is not null)
        {
            throw new DomainException("return.assist_after_creation", $"Return {Rma}: assistance is recorded when the return is created.");
        }
        if (string.IsNullOrWhiteSpace(assisted.StaffName))
        {
            throw new ArgumentException("An assisted return names its staff member.", nameof(assisted));
        }
        AssistedBy = assisted.StaffName;
        AssistChannel = assisted.Channel;
        var note = $"assisted ({assisted.Channel}) by {assisted.StaffName}";
        if (overridden.Count > 0)
        {
            if (assisted.Goodwill is not { } goodwill)
            {
                throw new DomainException("return.goodwill_required", $"Return {Rma}: a refused line needs a goodwill exception.");
            }
            var reason = GoodwillExceptions.CheckReason(goodwill.Reason);
            IsGoodwill = true;
            GoodwillReason = reason;
            GoodwillGrantedBy = goodwill.GrantedBy;
            foreach (var line in Lines)
            {
                if (overridden.TryGetValue(line.OrderLineId, out var rule))
                {
                    line.OverrideByGoodwill(rule);
                }
            }
            note += $"; goodwill granted by {goodwill.GrantedBy} (overrides {string.Join(", ", overridden.Values.Distinct())}): {reason}";
        }
        var created = History[0];
        History[0] = new ReturnStatusChange(created.From, created.To, created.Actor, created.At,
            note.Length > ReturnStatusChange.NoteLength ? note[..ReturnStatusChange.NoteLength] : note);
    }
}

public sealed partial class ReturnLine
{
    /// <summary>The eligibility rule a goodwill exception set aside for this line, if any.</summary>
    public IneligibleReason? GoodwillOverride { get; private set; }

    internal void OverrideByGoodwill(IneligibleReason rule) => GoodwillOverride = rule;
}

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
