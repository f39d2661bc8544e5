using System.Text.Json;

namespace ReturnsPortal.Domain.Notifications;

// The bodies of the outbox messages (MessageTypes). Their JSON field names are the camelCase of the property names, in
// this order: webhook receivers read them, so a rename is a breaking change (ADR 0022, 0072).

public sealed record ReturnStatusPayload(
    string Rma, int OrderId, string? From, string To, DateTime At, string Actor, string? Note, string Language);

/// <summary>Amount in minor units of <see cref="Currency"/>; sent when the refund was paid (ADR 0117).</summary>
public sealed record RefundIssuedPayload(
    string Rma, string Reference, long Amount, string Currency, string Language, string? ProviderReference, DateTime? PaidAt);

/// <summary>
/// Asks the shop to pay a refund (Payments:Provider=Shop): it answers POST /api/v1/refunds/{reference}/result.
/// <see cref="IdempotencyKey"/> is the same for every delivery of one try: pay once per key.
/// </summary>
public sealed record RefundRequestedPayload(
    string Rma, string Reference, string OrderNumber, string? PaymentReference, long Amount, string Currency,
    string IdempotencyKey, DateTime RequestedAt);

/// <summary>A refund the provider declined or a person could not pay: for staff, never for the customer.</summary>
public sealed record RefundFailedPayload(
    string Rma, string Reference, string OrderNumber, long Amount, string Currency, string Reason, DateTime FailedAt);

/// <summary>
/// One settlement's state after a move (settlement.updated): amounts in minor units of <see cref="Currency"/>, times in UTC.
/// <see cref="Reference"/> (RI-, SC- or EX- and the RMA) identifies it everywhere, the API included: the database id
/// does not exist yet when a settlement is created and announced in the same save.
/// </summary>
public sealed record SettlementPayload(
    string Rma, string Kind, string? From, string Status, long Amount, long Bonus, string Currency,
    string Reference, string Provider, string? ProviderReference, string? FailureReason, string? Carrier, string? TrackingNumber,
    string? InsteadKind, DateTime? LegalDeadline, DateTime? ServiceDeadline, DateTime CreatedAt, DateTime? SentAt,
    DateTime? CompletedAt, DateTime? FailedAt, DateTime? CancelledAt, DateTime At);

/// <summary>One item of a replacement: the SKU the shop ships.</summary>
public sealed record ExchangeItem(string Sku, string ProductName, int Quantity);

/// <summary>Asks the shop to ship a replacement (Exchanges:ShipFrom=Shop); it answers POST /api/v1/exchanges/{reference}/shipment.</summary>
public sealed record ExchangeRequestedPayload(
    string Rma, string Reference, string OrderNumber, string CustomerEmail, string Language,
    IReadOnlyList<ExchangeItem> Items, DateTime RequestedAt);

/// <summary>Amounts in minor units (cents) of <see cref="Currency"/>; the balance is after this credit.</summary>
public sealed record StoreCreditIssuedPayload(
    string Rma, string Code, long Amount, long Balance, string Currency, string Language, string CustomerEmail);

public sealed record ExchangeShippedPayload(
    string Rma, string Sku, string ProductName, string Language, string CustomerEmail, string Reference, string? Carrier, string? TrackingNumber);

/// <summary><see cref="Level"/> is the level's quantity on hand right after the movement.</summary>
public sealed record StockChangedPayload(
    string Sku, string Warehouse, string Bucket, int Quantity, int Reserved, int Level, string Cause, DateTime At);

public sealed record WithdrawalReceivedPayload(
    string Reference, string OrderNumber, string Name, string Email, string Language, DateTime SubmittedAt, DateTime RefundDeadline, string Content);

public sealed record DailyDigestPayload(DateTime At);

public sealed record LabelReminderPayload(string Rma, DateTime ExpiresAt);

/// <summary>How payloads are written and read: camelCase names, nothing else changed from the serializer's defaults.</summary>
public static class MessageJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
    };

    public static string Write<TPayload>(TPayload payload) => JsonSerializer.Serialize(payload, Options);

    public static TPayload Read<TPayload>(string json) =>
        JsonSerializer.Deserialize<TPayload>(json, Options) ?? throw new JsonException($"The payload is not a {typeof(TPayload).Name}.");
}
