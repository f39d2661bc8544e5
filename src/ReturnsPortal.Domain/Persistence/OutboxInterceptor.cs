using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Persistence;

/// <summary>
/// Turns every new status change of a return into an outbox message in the same SaveChanges, hence in the
/// same transaction: a state change is never saved without its announcement, nor announced without being saved.
/// </summary>
public sealed class OutboxInterceptor : SaveChangesInterceptor
{
    public const string ReturnCreated = "return.created";
    public const string ReturnStatusChanged = "return.status_changed";
    /// <summary>A refund to the original payment was recorded (a new Settlement of kind Refund): {rma, reference, amount (minor units), currency, language}.</summary>
    public const string RefundIssued = "refund.issued";

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        WriteOutbox(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        WriteOutbox(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void WriteOutbox(DbContext? context)
    {
        if (context is null)
        {
            return;
        }
        var messages = new List<OutboxMessage>();
        foreach (var entry in context.ChangeTracker.Entries<ReturnRequest>().ToList())
        {
            var request = entry.Entity;
            foreach (var change in request.History.Where(h => context.Entry(h).State == EntityState.Added))
            {
                var payload = JsonSerializer.Serialize(new
                {
                    rma = request.Rma,
                    orderId = request.OrderId,
                    from = change.From?.ToString(),
                    to = change.To.ToString(),
                    at = change.At,
                    actor = change.Actor,
                    note = change.Note,
                    language = request.Language,
                });
                messages.Add(new OutboxMessage
                {
                    Type = change.From is null ? ReturnCreated : ReturnStatusChanged,
                    Payload = payload,
                    DedupeKey = $"return:{request.Rma}:{change.Id:N}",
                    OccurredAt = change.At,
                });
            }
        }
        messages.AddRange(RefundsIssued(context));
        context.Set<OutboxMessage>().AddRange(messages);
    }

    /// <summary>Each new refund settlement announces itself, once: its idempotency key is unique, so is the message's.</summary>
    private static IEnumerable<OutboxMessage> RefundsIssued(DbContext context)
    {
        foreach (var entry in context.ChangeTracker.Entries<BackOffice.Settlement>().Where(e => e.State == EntityState.Added).ToList())
        {
            var settlement = entry.Entity;
            var request = context.ChangeTracker.Entries<ReturnRequest>().Select(e => e.Entity).FirstOrDefault(r => r.Id == settlement.ReturnRequestId);
            if (settlement.Kind != BackOffice.SettlementKind.Refund || request is null)
            {
                continue;
            }
            yield return new OutboxMessage
            {
                Type = RefundIssued,
                Payload = JsonSerializer.Serialize(new
                {
                    rma = request.Rma,
                    reference = settlement.Reference,
                    amount = settlement.Amount.Minor,
                    currency = settlement.Amount.Currency,
                    language = request.Language,
                }),
                DedupeKey = $"refund:{settlement.IdempotencyKey}",
                OccurredAt = settlement.CreatedAt,
            };
        }
    }
}
