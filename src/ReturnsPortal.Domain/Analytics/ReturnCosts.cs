namespace ReturnsPortal.Domain.Analytics;

/// <summary>
/// What returns cost the merchant (ADR 0047), attributed like every dashboard figure to the day the return was
/// created: refunds paid (refund settlements), label fees borne (the policy's label fee for the return's method that
/// the customer was not charged) and write-offs (the cost of the write-off movements of the return's lines).
/// </summary>
public sealed record ReturnCosts(Money RefundsPaid, Money LabelFeesBorne, Money WriteOffs)
{
    public Money Total => RefundsPaid + LabelFeesBorne + WriteOffs;

    public static ReturnCosts Zero(string currency) => new(Money.Zero(currency), Money.Zero(currency), Money.Zero(currency));

    /// <summary>
    /// The label fee the merchant bears for one return: the policy's fee for its method minus what the customer was
    /// charged (the line decisions' label fees once decided, else the quote's; waived for a first return, a defect or
    /// merchant fault, an exchange, or capped by the refund), never below zero.
    /// A cancelled or expired return bears none: its parcel never travelled.
    /// </summary>
    public static long LabelFeeBorne(ReturnStatus status, long? policyFee, long charged) =>
        status is ReturnStatus.Cancelled or ReturnStatus.Expired ? 0 : Math.Max(0, (policyFee ?? 0) - charged);
}
