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
        context.Set<OutboxMessage>().AddRange(messages);
    }
}
