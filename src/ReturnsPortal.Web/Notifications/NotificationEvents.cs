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
        new(DailyDigest, true),
    ];

    public static readonly IReadOnlyList<string> Languages = ["fr", "en"];

    public static NotificationEvent? Find(string? key) => All.FirstOrDefault(e => e.Key == key);
}

/// <summary>Outbox message types written by this feature or announced by others (contracts in ADR 0022).</summary>
public static class NotificationMessageTypes
{
    /// <summary>Written by the daily job: the staff digest of one day (dedupe key <c>digest:yyyy-MM-dd</c>).</summary>
    public const string DailyDigest = "staff.digest";
    /// <summary>Written by the daily job: a label expires soon (dedupe key <c>label-reminder:RMA:yyyyMMdd</c>).</summary>
    public const string LabelReminder = "label.reminder";
    /// <summary>Written with a store-credit settlement: {rma, code, amount, balance, currency, language, customerEmail}.</summary>
    public const string StoreCreditIssued = Domain.BackOffice.StoreCreditAccount.IssuedMessageType;
    /// <summary>Written with a replacement shipment: {rma, sku, productName, language, customerEmail, reference}.</summary>
    public const string ExchangeShipped = Domain.Inventory.StockDispositions.ExchangeShipped;
}
