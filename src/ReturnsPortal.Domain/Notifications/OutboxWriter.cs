using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Orders;
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

    /// <summary>
    /// settlement.updated for every move, and what the move means to others (ADR 0117): refund.requested when a refund
    /// is handed to the shop, refund.issued only once it is paid, refund.failed for staff, exchange.requested when the
    /// shop ships replacements. Store credit announces itself (storecredit.issued), a shipped replacement too.
    /// </summary>
    public static async Task SettlementMovedAsync(ReturnsDbContext db, SettlementMoved e, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(e);
        var s = e.Settlement;
        var r = await db.Returns.AsNoTracking().Where(x => x.Id == s.ReturnRequestId)
            .Select(x => new { x.Id, x.Rma, x.Language, x.Order!.Number, x.Order.Email, x.Order.PaymentReference }).SingleAsync(ct);
        var at = e.At;
        var step = $"{s.IdempotencyKey}:r{s.Round}";
        Queue(db, MessageTypes.SettlementUpdated,
            new SettlementPayload(r.Rma, s.Kind.ToString(), e.From?.ToString(), e.To.ToString(), s.Amount.Minor, s.Bonus.Minor,
                s.Amount.Currency, s.Reference, s.Provider, s.ProviderReference, s.FailureReason, s.Carrier, s.TrackingNumber,
                s.InsteadKind?.ToString(), s.LegalDeadline, s.ServiceDeadline, s.CreatedAt, s.SentAt, s.CompletedAt, s.FailedAt,
                s.CancelledAt, at),
            $"settlement:{step}:{e.To}", at);
        switch (s.Kind, e.To)
        {
            case (BackOffice.SettlementKind.Refund, BackOffice.SettlementStatus.Sent) when s.Provider == nameof(BackOffice.RefundProvider.Shop):
                Queue(db, MessageTypes.RefundRequested,
                    new RefundRequestedPayload(r.Rma, s.Reference, r.Number, r.PaymentReference, s.Amount.Minor, s.Amount.Currency,
                        s.ProviderKey, at),
                    $"refund-requested:{step}", at);
                break;
            case (BackOffice.SettlementKind.Refund, BackOffice.SettlementStatus.Paid):
                Queue(db, MessageTypes.RefundIssued,
                    new RefundIssuedPayload(r.Rma, s.Reference, s.Amount.Minor, s.Amount.Currency, r.Language, s.ProviderReference, s.CompletedAt),
                    $"refund:{s.IdempotencyKey}", at);
                break;
            case (BackOffice.SettlementKind.Refund, BackOffice.SettlementStatus.Failed):
                Queue(db, MessageTypes.RefundFailed,
                    new RefundFailedPayload(r.Rma, s.Reference, r.Number, s.Amount.Minor, s.Amount.Currency, s.FailureReason ?? "", at),
                    $"refund-failed:{step}", at);
                break;
            case (BackOffice.SettlementKind.Exchange, BackOffice.SettlementStatus.ReplacementRequested)
                when s.Provider == nameof(BackOffice.ExchangeShipFrom.Shop):
                var items = await ReplacementItemsAsync(db, r.Id, ct);
                Queue(db, MessageTypes.ExchangeRequested,
                    new ExchangeRequestedPayload(r.Rma, s.Reference, r.Number, r.Email, r.Language,
                        [.. items.GroupBy(i => (i.Sku, i.Name)).Select(g => new ExchangeItem(g.Key.Sku, g.Key.Name, g.Sum(i => i.Quantity)))], at),
                    $"exchange-requested:{s.IdempotencyKey}", at);
                break;
        }
    }

    /// <summary>The replacement variants of a return's accepted lines: what the shop or the warehouse ships.</summary>
    private static async Task<List<(string Sku, string Name, int Quantity)>> ReplacementItemsAsync(ReturnsDbContext db, int returnId, CancellationToken ct)
    {
        // The decision and the settlement are usually saved together: the tracked return has the decisions, the database not yet.
        var lines = db.Returns.Local.SingleOrDefault(r => r.Id == returnId)?.Lines
            ?? await db.ReturnLines.AsNoTracking().Include(l => l.Decision).Where(l => l.ReturnRequestId == returnId).ToListAsync(ct);
        var wanted = lines.Where(l => l.ExchangeVariantId is not null && l.Decision?.Verdict is LineVerdict.Accept or LineVerdict.AcceptWithDeduction)
            .Select(l => (VariantId: l.ExchangeVariantId!.Value, Quantity: l.QuantityReceived ?? l.Quantity)).ToList();
        var ids = wanted.Select(w => w.VariantId).Distinct().ToList();
        var variants = await db.Variants.AsNoTracking().Where(v => ids.Contains(v.Id))
            .Select(v => new { v.Id, v.Sku, v.Product!.Name, v.Size, v.Colour }).ToDictionaryAsync(v => v.Id, ct);
        return [.. wanted.Select(w => variants[w.VariantId]).Zip(wanted, (v, w) =>
            (v.Sku, string.Join(", ", new[] { v.Name, v.Size, v.Colour }.Where(p => !string.IsNullOrEmpty(p))), w.Quantity))];
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

    /// <summary>exchange.shipped, with the replacement's SKUs and names, carrier and tracking number (ADR 0022, 0117).</summary>
    public static async Task ExchangeShippedAsync(ReturnsDbContext db, ExchangeShipped e, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(e);
        var s = e.Settlement;
        var request = await db.Returns.AsNoTracking().Where(x => x.Id == s.ReturnRequestId)
            .Select(x => new { x.Rma, x.Language, x.OrderId }).SingleAsync(ct);
        var items = await db.Variants.AsNoTracking().Where(v => e.VariantIds.Contains(v.Id))
            .Select(v => new { v.Sku, v.Product!.Name, v.Size, v.Colour }).ToListAsync(ct);
        var email = await db.Orders.Where(o => o.Id == request.OrderId).Select(o => o.Email).SingleAsync(ct);
        Queue(db, MessageTypes.ExchangeShipped,
            new ExchangeShippedPayload(
                request.Rma,
                string.Join(", ", items.Select(i => i.Sku)),
                string.Join(", ", items.Select(i => string.Join(", ", new[] { i.Name, i.Size, i.Colour }.Where(x => !string.IsNullOrEmpty(x))))),
                request.Language, email, s.Reference, s.Carrier, s.TrackingNumber),
            $"exchange:{request.Rma}", s.CompletedAt ?? s.UpdatedAt);
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

    /// <summary>
    /// withdrawal.received: the acknowledgement on a durable medium, in the customer's language, to the address the
    /// person filing gave and, when that is another one, to the order's own address as well: whoever withdraws, the
    /// customer of the order hears of it (issue 19). Two messages, so that neither recipient sees the other's address.
    /// </summary>
    public static void WithdrawalReceived(ReturnsDbContext db, WithdrawalReceived e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var withdrawal = e.Withdrawal;
        Queue(db, MessageTypes.WithdrawalReceived, AcknowledgementOf(withdrawal), AcknowledgementKey(withdrawal), withdrawal.SubmittedAt);
        if (!string.IsNullOrWhiteSpace(e.OrderEmail) && Order.NormaliseEmail(e.OrderEmail) != withdrawal.CustomerEmail)
        {
            Queue(db, MessageTypes.WithdrawalReceived, AcknowledgementOf(withdrawal) with { Email = Order.NormaliseEmail(e.OrderEmail) },
                AcknowledgementKey(withdrawal) + ":order", withdrawal.SubmittedAt);
        }
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
