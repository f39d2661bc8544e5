namespace ReturnsPortal.Domain.Notifications;

/// <summary>
/// The one catalogue of outbox message types (contracts in ADR 0022), read by the e-mails and the webhooks. Each type's
/// body is the record of the same name in <c>MessagePayloads.cs</c>.
/// </summary>
public static class MessageTypes
{
    /// <summary>A return was made: <see cref="ReturnStatusPayload"/>, <c>from</c> null.</summary>
    public const string ReturnCreated = "return.created";
    /// <summary>A return's status moved: <see cref="ReturnStatusPayload"/>.</summary>
    public const string ReturnStatusChanged = "return.status_changed";
    /// <summary>A refund to the original payment was paid (never before): <see cref="RefundIssuedPayload"/>.</summary>
    public const string RefundIssued = "refund.issued";
    /// <summary>The shop is asked to pay a refund (Payments:Provider=Shop): <see cref="RefundRequestedPayload"/>.</summary>
    public const string RefundRequested = "refund.requested";
    /// <summary>A refund failed (staff act; the customer is not told): <see cref="RefundFailedPayload"/>.</summary>
    public const string RefundFailed = "refund.failed";
    /// <summary>A settlement was created or moved: <see cref="SettlementPayload"/>.</summary>
    public const string SettlementUpdated = "settlement.updated";
    /// <summary>The shop is asked to ship a replacement (Exchanges:ShipFrom=Shop): <see cref="ExchangeRequestedPayload"/>.</summary>
    public const string ExchangeRequested = "exchange.requested";
    /// <summary>Store credit was issued: <see cref="StoreCreditIssuedPayload"/>.</summary>
    public const string StoreCreditIssued = "storecredit.issued";
    /// <summary>An exchange's replacement shipped, with its tracking number: <see cref="ExchangeShippedPayload"/>.</summary>
    public const string ExchangeShipped = "exchange.shipped";
    /// <summary>One stock movement: <see cref="StockChangedPayload"/>.</summary>
    public const string StockChanged = "stock.changed";
    /// <summary>A withdrawal was recorded: <see cref="WithdrawalReceivedPayload"/>.</summary>
    public const string WithdrawalReceived = "withdrawal.received";
    /// <summary>The staff digest of one day (dedupe key <c>digest:yyyy-MM-dd</c>): <see cref="DailyDigestPayload"/>.</summary>
    public const string DailyDigest = "staff.digest";
    /// <summary>A label expires soon (dedupe key <c>label-reminder:RMA:yyyyMMdd</c>): <see cref="LabelReminderPayload"/>.</summary>
    public const string LabelReminder = "label.reminder";
}
