namespace ReturnsPortal.Domain.Returns;

/// <summary>
/// The date by which the warehouse must act on a return, for the staff queue (docs/decisions/0013-queue-deadlines.md).
/// Before receipt (Requested, Approved, InTransit) it is the label's expiry, <see cref="ReturnRequest.LabelValidUntil"/>
/// (ADR 0025); a return not yet approved has no label, so creation + <see cref="UnapprovedDays"/> stands in.
/// After receipt (Received, Inspected, AwaitingApproval) it is the refund deadline: receipt + the service level of the
/// return's own policy version (<c>ReturnPolicy.RefundServiceDays</c>, ADR 0038; the configured days only stand in for a
/// version outside 1–14 days), which can never exceed the legal <see cref="LegalRefundDays"/>. Finished and decided
/// returns have none.
/// </summary>
public static class ReturnDeadlines
{
    /// <summary>The deadline of a return still waiting for approval (no label yet): act within this many days.</summary>
    public const int UnapprovedDays = 14;
    public const int LegalRefundDays = 14;
    public const int DefaultRefundServiceLevelDays = 7;

    /// <summary>Sort key of returns without a deadline: after every real one, tied, so the id orders them.</summary>
    public static readonly DateTime None = new(9000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static bool HasDeadline(ReturnStatus status) => BeforeReceipt(status) || AfterReceipt(status);

    public static bool BeforeReceipt(ReturnStatus status) =>
        status is ReturnStatus.Requested or ReturnStatus.Approved or ReturnStatus.InTransit;

    public static bool AfterReceipt(ReturnStatus status) =>
        status is ReturnStatus.Received or ReturnStatus.Inspected or ReturnStatus.AwaitingApproval;

    /// <summary>A configured service level, kept between one day and the legal limit.</summary>
    public static int ServiceLevel(int configuredDays) => Math.Clamp(configuredDays, 1, LegalRefundDays);

    /// <summary>The rule in memory; <see cref="WithDeadlines"/> is the same rule in SQL (tests keep them equal).</summary>
    /// <param name="withdrawalRefundDeadline">
    /// When the customer withdrew from the contract (Withdrawal.RefundDeadline, 14 days after it): the refund is due by
    /// then, or on receipt if the goods come back later (the merchant may wait for them). The earlier of that and the
    /// service level wins (ADR 0035).
    /// </param>
    public static DateTime? For(
        ReturnStatus status, DateTime createdAt, DateTime? receivedAt, int serviceLevelDays, DateTime? withdrawalRefundDeadline = null,
        DateTime? labelValidUntil = null)
    {
        if (BeforeReceipt(status))
        {
            return labelValidUntil ?? createdAt.AddDays(UnapprovedDays);
        }
        if (!AfterReceipt(status))
        {
            return null;
        }
        var receipt = receivedAt ?? createdAt;
        var promised = receipt.AddDays(ServiceLevel(serviceLevelDays));
        if (withdrawalRefundDeadline is not { } legal)
        {
            return promised;
        }
        var due = legal > receipt ? legal : receipt;
        return due < promised ? due : promised;
    }

    /// <summary>How urgent a deadline is: past or within a day is late/red, within three days amber.</summary>
    public static DeadlineUrgency Urgency(DateTime? deadline, DateTime now) =>
        deadline is not { } due || due >= None ? DeadlineUrgency.None
        : due <= now.AddDays(1) ? DeadlineUrgency.Red
        : due <= now.AddDays(3) ? DeadlineUrgency.Amber
        : DeadlineUrgency.Green;

    /// <summary>
    /// Each return with its deadline as a translatable expression, so the database sorts and pages on it;
    /// returns without one get <see cref="None"/>. Receipt is the last move to Received in the history.
    /// </summary>
    public static IQueryable<ReturnWithDeadline> WithDeadlines(this IQueryable<ReturnRequest> returns, int serviceLevelDays)
    {
        var days = ServiceLevel(serviceLevelDays);
        var none = None;
        return returns.Select(r => new ReturnWithDeadline
        {
            Return = r,
            Deadline =
                r.Status == ReturnStatus.Requested || r.Status == ReturnStatus.Approved || r.Status == ReturnStatus.InTransit
                    ? r.LabelValidUntil ?? r.CreatedAt.AddDays(UnapprovedDays)
                : r.Status == ReturnStatus.Received || r.Status == ReturnStatus.Inspected || r.Status == ReturnStatus.AwaitingApproval
                    ? (r.History.Where(h => h.To == ReturnStatus.Received).Max(h => (DateTime?)h.At) ?? r.CreatedAt).AddDays(
                        r.Policy!.RefundServiceDays >= 1 && r.Policy.RefundServiceDays <= LegalRefundDays ? r.Policy.RefundServiceDays : days)
                : none,
        });
    }

    /// <summary>
    /// <see cref="WithDeadlines(IQueryable{ReturnRequest}, int)"/> with the legal refund deadline of a withdrawal from
    /// the same order (ADR 0035) and the receipt time, as the same rule as <see cref="For"/>.
    /// </summary>
    public static IQueryable<ReturnWithDeadline> WithDeadlines(
        this IQueryable<ReturnRequest> returns, int serviceLevelDays, IQueryable<Withdrawals.Withdrawal> withdrawals)
    {
        var days = ServiceLevel(serviceLevelDays);
        var none = None;
        return returns
            .Select(r => new ReturnDeadlineInputs
            {
                Return = r,
                ReceivedAt = r.History.Where(h => h.To == ReturnStatus.Received).Max(h => (DateTime?)h.At),
                WithdrawalDeadline = withdrawals.Where(w => w.OrderId == r.OrderId).Min(w => (DateTime?)w.RefundDeadline),
                // The service level of the policy version the return was made under (ADR 0038); the setting is the fallback.
                ServiceDays = r.Policy!.RefundServiceDays >= 1 && r.Policy.RefundServiceDays <= LegalRefundDays ? r.Policy.RefundServiceDays : days,
            })
            .Select(x => new ReturnWithDeadline
            {
                Return = x.Return,
                ReceivedAt = x.ReceivedAt,
                Deadline =
                    x.Return.Status == ReturnStatus.Requested || x.Return.Status == ReturnStatus.Approved || x.Return.Status == ReturnStatus.InTransit
                        ? x.Return.LabelValidUntil ?? x.Return.CreatedAt.AddDays(UnapprovedDays)
                    : !(x.Return.Status == ReturnStatus.Received || x.Return.Status == ReturnStatus.Inspected || x.Return.Status == ReturnStatus.AwaitingApproval)
                        ? none
                    : x.WithdrawalDeadline == null || x.WithdrawalDeadline.Value > (x.ReceivedAt ?? x.Return.CreatedAt).AddDays(x.ServiceDays)
                        ? (x.ReceivedAt ?? x.Return.CreatedAt).AddDays(x.ServiceDays)
                    : x.WithdrawalDeadline.Value > (x.ReceivedAt ?? x.Return.CreatedAt)
                        ? x.WithdrawalDeadline.Value
                        : x.ReceivedAt ?? x.Return.CreatedAt,
            });
    }
}

public enum DeadlineUrgency
{
    None,
    Green,
    Amber,
    Red,
}

/// <summary>A return and its queue deadline; a class with setters so that EF can keep composing on it.</summary>
public sealed class ReturnWithDeadline
{
    public required ReturnRequest Return { get; init; }
    public DateTime Deadline { get; init; }
    /// <summary>The last receipt, for the age since receipt (set by the overload that knows withdrawals).</summary>
    public DateTime? ReceivedAt { get; init; }
}

/// <summary>A step of <see cref="ReturnDeadlines.WithDeadlines(IQueryable{ReturnRequest}, int, IQueryable{Withdrawals.Withdrawal})"/>; public so that EF can compose on it.</summary>
public sealed class ReturnDeadlineInputs
{
    public required ReturnRequest Return { get; init; }
    public DateTime? ReceivedAt { get; init; }
    public DateTime? WithdrawalDeadline { get; init; }
    public int ServiceDays { get; init; }
}
