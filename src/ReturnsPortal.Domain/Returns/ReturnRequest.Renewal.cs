using ReturnsPortal.Domain.Common;

namespace ReturnsPortal.Domain.Returns;

/// <summary>Label renewal (ADR 0025): a return that expired because its label lapsed gets a fresh label.</summary>
public sealed partial class ReturnRequest
{
    /// <summary>
    /// Expired → Approved with a label valid for the policy version's days from <paramref name="now"/>. Only a return
    /// that expired with a label (approved, never shipped) qualifies; one that expired while still Requested had none.
    /// Exchanges are refused: their replacement went back to stock at expiry (ADR 0025).
    /// </summary>
    public void RenewLabel(DateTime now, string actor)
    {
        EnsureFrom(ReturnStatus.Expired, ReturnStatus.Approved);
        if (LabelValidUntil is null)
        {
            throw new DomainException("return.renew_no_label", $"Return {Rma} expired before it had a label: start a new return.");
        }
        if (Resolution == Resolution.Exchange)
        {
            throw new DomainException("return.renew_exchange",
                $"Return {Rma} was an exchange whose replacement went back to stock: start a new return (a refund is always possible).");
        }
        MoveTo(ReturnStatus.Approved, actor, now, "label renewed");
        LabelValidUntil = now.AddDays(LabelValidityDays());
    }

    private int LabelValidityDays() =>
        Policy?.LabelValidityDays ?? throw new InvalidOperationException($"Load the policy of return {Rma} before approving or renewing it.");
}
