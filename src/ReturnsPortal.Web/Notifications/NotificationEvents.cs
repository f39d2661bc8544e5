namespace ReturnsPortal.Web.Notifications;

/// <summary>One kind of e-mail the portal sends: its key (settings, templates), who receives it, and whether it may be switched off.</summary>
public sealed record NotificationEvent(string Key, bool ToStaff, bool CanDisable = true);

/// <summary>Every e-mail the portal can send, in the order the settings page lists them (ADR 0021).</summary>
public static class NotificationEvents
{
    public const string ReturnCreated = "customer.return_created";
    public const string LabelReminder = "customer.label_reminder";
    public const string ParcelReceived = "customer.parcel_received";
    public const string InspectionResult = "customer.inspection_result";
    public const string RefundIssued = "customer.refund_issued";
    public const string StoreCreditIssued = "customer.storecredit_issued";
    public const string ExchangeShipped = "customer.exchange_shipped";
    public const string Rejected = "customer.rejected";
    public const string Cancelled = "customer.cancelled";
    public const string WithdrawalAcknowledgement = "customer.withdrawal_ack";
    public const string ApprovalWaiting = "staff.approval_waiting";
    /// <summary>A refund the provider declined or a person marked failed: finance acts, the customer is not told (ADR 0121).</summary>
    public const string RefundFailed = "staff.refund_failed";
    public const string DailyDigest = "staff.daily_digest";

    public static readonly IReadOnlyList<NotificationEvent> All =
    [
        new(ReturnCreated, false),
        new(LabelReminder, false),
        new(ParcelReceived, false),
        new(InspectionResult, false),
        new(RefundIssued, false),
        new(StoreCreditIssued, false),
        new(ExchangeShipped, false),
        new(Rejected, false),
        new(Cancelled, false),
        // The acknowledgement on a durable medium is a legal duty (DESIGN.md): it cannot be switched off.
        new(WithdrawalAcknowledgement, false, CanDisable: false),
        new(ApprovalWaiting, true),
        new(RefundFailed, true),
        new(DailyDigest, true),
    ];

    public static readonly IReadOnlyList<string> Languages = ["fr", "en"];

    public static NotificationEvent? Find(string? key) => All.FirstOrDefault(e => e.Key == key);
}
