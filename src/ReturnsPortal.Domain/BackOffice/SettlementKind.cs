namespace ReturnsPortal.Domain.BackOffice;

public enum SettlementKind
{
    Refund,
    StoreCredit,
    Exchange,
}

/// <summary>
/// Where a settlement is (ADR 0117). A refund: Instructed → Sent → Paid, or Failed → retried (Instructed again, a new
/// round) or paid by a person. Store credit is Issued at once (it is ours). An exchange: ReplacementRequested → Shipped
/// (with carrier and tracking number) or Cancelled (a refund or credit instead). NothingDue when every line was refused.
/// </summary>
public enum SettlementStatus
{
    Instructed,
    Sent,
    Paid,
    Failed,
    Issued,
    ReplacementRequested,
    Shipped,
    Cancelled,
    NothingDue,
}

/// <summary>Who pays refunds to the original payment method (<c>Payments:Provider</c>).</summary>
public enum RefundProvider
{
    /// <summary>A person pays them from the finance queue and records the bank or PSP reference.</summary>
    Manual,
    /// <summary>The portal refunds the order's Stripe PaymentIntent.</summary>
    Stripe,
    /// <summary>The shop pays on a signed refund.requested webhook and answers with the result.</summary>
    Shop,
}

/// <summary>Who ships an exchange's replacement (<c>Exchanges:ShipFrom</c>).</summary>
public enum ExchangeShipFrom
{
    /// <summary>Staff pick it from the warehouse stock reserved for it and ship it on /staff/exchanges.</summary>
    Warehouse,
    /// <summary>The shop fulfils it on an exchange.requested webhook and reports the shipment through the API.</summary>
    Shop,
}

/// <summary>The merchant's choices of refund provider and exchange shipper, fixed for the life of the process.</summary>
public sealed record SettlementChannels(RefundProvider Refunds = RefundProvider.Manual, ExchangeShipFrom Exchanges = ExchangeShipFrom.Warehouse);
