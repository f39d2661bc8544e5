namespace ReturnsPortal.Domain.Policies;

/// <summary>
/// The resolutions a version allows for one reason (e.g. "changed my mind": store credit or exchange only). It only
/// narrows the policy-wide flags: a resolution the policy refuses stays refused (ADR 0085).
/// </summary>
public sealed class PolicyReasonResolution
{
    public int Id { get; set; }
    public int PolicyId { get; set; }
    public int ReasonId { get; set; }
    public ReturnReason? Reason { get; set; }
    public bool AllowRefund { get; set; } = true;
    public bool AllowStoreCredit { get; set; } = true;
    public bool AllowExchange { get; set; } = true;

    public bool Allows(Resolution resolution) => resolution switch
    {
        Resolution.Refund => AllowRefund,
        Resolution.StoreCredit => AllowStoreCredit,
        Resolution.Exchange => AllowExchange,
        _ => false,
    };
}
