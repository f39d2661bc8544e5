using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Withdrawals;

namespace ReturnsPortal.Domain.Notifications;

/// <summary>
/// The only code that creates outbox messages (ADR 0098): the domain events' handlers below, called by
/// <see cref="DomainEventDispatcher"/> in the save that records the change, and <see cref="Queue"/> for the daily
/// jobs, which have no aggregate. Every message has a unique dedupe key, so one cause is announced once.
/// </summary>
public static class OutboxWriter
{
    /// <summary>Adds (unsaved) a message of one of the <see cref="MessageTypes"/> with its typed payload.</summary>
    public static OutboxMessage Queue<TPayload>(ReturnsDbContext db, string type, TPayload payload, string dedupeKey, DateTime occurredAt)
    {
        ArgumentNullException.ThrowIfNull(db);
        var message = Message(type, payload, dedupeKey, occurredAt);
        db.Outbox.Add(message);
        return message;
    }

    public static OutboxMessage Message<TPayload>(string type, TPayload payload, string dedupeKey, DateTime occurredAt) => new()
    {
        Type = type,
        Payload = MessageJson.Write(payload),
        DedupeKey = dedupeKey,
        OccurredAt = occurredAt,
    };

    /// <summary>return.created for the first entry of a return's history, return.status_changed for the others.</summary>
    public static void ReturnStatusChanged(ReturnsDbContext db, ReturnStatusChanged e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var (request, change) = (e.Return, e.Change);
        Queue(db, change.From is null ? MessageTypes.ReturnCreated : MessageTypes.ReturnStatusChanged,
            new ReturnStatusPayload(request.Rma, request.OrderId, change.From?.ToString(), change.To.ToString(), change.At, change.Actor, change.Note, request.Language),
            $"return:{request.Rma}:{change.Id:N}", change.At);
    }

    /// <summary>refund.issued for a refund settlement; store credit and exchanges announce themselves by their own events.</summary>
    public static void SettlementIssued(ReturnsDbContext db, SettlementIssued e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var (settlement, request) = (e.Settlement, e.Return);
        if (settlement.Kind != BackOffice.SettlementKind.Refund)
        {
            return;
        }
        Queue(db, MessageTypes.RefundIssued,
            new RefundIssuedPayload(request.Rma, settlement.Reference, settlement.Amount.Minor, settlement.Amount.Currency, request.Language),
            $"refund:{settlement.IdempotencyKey}", settlement.CreatedAt);
    }

    /// <summary>storecredit.issued: the customer's code and balance (ADR 0033).</summary>
    public static void StoreCreditIssued(ReturnsDbContext db, StoreCreditIssued e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var account = e.Account;
        Queue(db, MessageTypes.StoreCreditIssued,
            new StoreCreditIssuedPayload(e.Rma, account.Code, e.Entry.Amount.Minor, account.Balance.Minor, account.Currency, e.Language, account.CustomerEmail),
            "storecredit:" + (e.Entry.Settlement?.IdempotencyKey ?? e.Entry.IdempotencyKey), e.Entry.CreatedAt);
    }

    /// <summary>exchange.shipped, with the replacement's SKUs and names and the customer's address (ADR 0022).</summary>
    public static async Task ExchangeShippedAsync(ReturnsDbContext db, ExchangeShipped e, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(e);
        var request = e.Return;
        var items = await db.Variants.AsNoTracking().Where(v => e.VariantIds.Contains(v.Id))
            .Select(v => new { v.Sku, v.Product!.Name, v.Size, v.Colour }).ToListAsync(ct);
        var email = await db.Orders.Where(o => o.Id == request.OrderId).Select(o => o.Email).SingleAsync(ct);
        Queue(db, MessageTypes.ExchangeShipped,
            new ExchangeShippedPayload(
                request.Rma,
                string.Join(", ", items.Select(i => i.Sku)),
                string.Join(", ", items.Select(i => string.Join(", ", new[] { i.Name, i.Size, i.Colour }.Where(x => !string.IsNullOrEmpty(x))))),
                request.Language, email, e.Shipment.Reference),
            $"exchange:{request.Rma}", e.Shipment.CreatedAt);
    }

    /// <summary>stock.changed, one per movement (ADR 0060).</summary>
    public static void StockMoved(ReturnsDbContext db, StockMoved e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var m = e.Movement;
        Queue(db, MessageTypes.StockChanged,
            new StockChangedPayload(e.Sku, e.Warehouse, m.Bucket.ToString(), m.Quantity, m.Reserved, m.QuantityAfter, m.Cause.ToString(), m.At),
            $"stock:{m.IdempotencyKey}", e.PostedAt);
    }

    /// <summary>withdrawal.received: the acknowledgement on a durable medium, in the customer's language.</summary>
    public static void WithdrawalReceived(ReturnsDbContext db, WithdrawalReceived e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var withdrawal = e.Withdrawal;
        Queue(db, MessageTypes.WithdrawalReceived, AcknowledgementOf(withdrawal), AcknowledgementKey(withdrawal), withdrawal.SubmittedAt);
    }

    /// <summary>The acknowledgement message of a withdrawal (unsaved, not queued); one per withdrawal (unique dedupe key).</summary>
    public static OutboxMessage Acknowledgement(Withdrawal withdrawal)
    {
        ArgumentNullException.ThrowIfNull(withdrawal);
        return Message(MessageTypes.WithdrawalReceived, AcknowledgementOf(withdrawal), AcknowledgementKey(withdrawal), withdrawal.SubmittedAt);
    }

    private static WithdrawalReceivedPayload AcknowledgementOf(Withdrawal w) =>
        new(w.Reference, w.OrderNumber, w.CustomerName, w.CustomerEmail, w.Language, w.SubmittedAt, w.RefundDeadline, w.Content);

    private static string AcknowledgementKey(Withdrawal w) => $"withdrawal:{w.Reference}";
}
