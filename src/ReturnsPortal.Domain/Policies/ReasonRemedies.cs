namespace ReturnsPortal.Domain.Policies;

/// <summary>
/// The one rule for which resolutions a return's reasons allow (ADR 0085, amended): the version's policy-wide flag, then
/// each reason's row, except that a reason flagged defect or merchant fault always allows a refund. The flags are read
/// from the reason as it is now, so a reason flagged defect after the version was published cannot leave the customer
/// without a refund. The customer flow, <see cref="ReturnStarter"/>, <see cref="ReturnRequest.Create"/> and the staff
/// assisted-return form all ask here.
/// </summary>
public static class ReasonRemedies
{
    public static bool AllowsForReasons(this ReturnPolicy policy, Resolution resolution, IEnumerable<ReturnReason> reasons)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(reasons);
        return policy.Allows(resolution)
            && reasons.All(r => (resolution == Resolution.Refund && r.AlwaysAllowsRefund) || policy.Allows(resolution, [r.Id]));
    }

    /// <summary>The resolutions one reason allows under this version, in the enum's order.</summary>
    public static IReadOnlyList<Resolution> AllowedFor(this ReturnPolicy policy, ReturnReason reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return [.. Enum.GetValues<Resolution>().Where(r => policy.AllowsForReasons(r, [reason]))];
    }
}
