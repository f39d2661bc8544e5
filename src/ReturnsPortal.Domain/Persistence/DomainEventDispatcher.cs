using Microsoft.EntityFrameworkCore.Diagnostics;
using ReturnsPortal.Domain.Analytics;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Notifications;

namespace ReturnsPortal.Domain.Persistence;

/// <summary>
/// The one place where consequences happen (ADR 0098). Before a save, it takes the <see cref="IDomainEvent"/>s the
/// tracked aggregates recorded and runs their handlers, which may add entities that record further events: it loops
/// until none is left, then lets the save proceed, so the change and all its consequences commit in one transaction.
/// Pages and endpoints call one domain method and save; they never orchestrate what follows.
/// Registered first, before <see cref="AuditInterceptor"/>, so that what the handlers add is stamped too.
/// The analytics rollup marks are one of those handlers (<see cref="RollupMarks"/>): it collects the days over all
/// rounds and writes their marks once, at the end of the dispatch (ADR 0104).
/// </summary>
public sealed class DomainEventDispatcher(SettlementChannels channels, TimeProvider clock) : SaveChangesInterceptor
{
    // A handler that keeps raising events would loop forever; real chains are three rounds deep
    // (resolved → settlement and movements → their messages).
    private const int MaxRounds = 10;

    /// <summary>Every event and its handlers, in the order they run. docs/architecture.md keeps the same table.</summary>
    private async Task HandleAsync(ReturnsDbContext db, RollupMarks marks, IDomainEvent domainEvent, CancellationToken ct)
    {
        // Handlers work on the context being saved, not on a scoped one from DI: they are built on it here, by design.
        switch (domainEvent)
        {
            case ReturnStatusChanged e:
                OutboxWriter.ReturnStatusChanged(db, e);
                marks.ReturnChanged(e.Return);
                break;
            case ReturnRouted e:
                marks.ReturnChanged(e.Return);
                break;
            case LineDecided e:
                marks.LineDecided(e);
                break;
            case ReturnResolved e when e.Return.Lines.Any(l => l.Decision is not null):
                // A return resolved without decided lines (the demo seed replaying history) has nothing to settle or move.
                await LoadForSettlementAsync(db, e.Return, ct);
                await new Settlements(db, channels).AddIfResolvedAsync(e.Return, e.Actor, e.At, ct);
                await new StockDispositions(db, new StockLedger(db)).ApplyIfResolvedAsync(e.Return, e.Actor, e.At, ct);
                break;
            case IReturnEndedUnsettled e:
                await new StockReservations(db, new StockLedger(db), clock).ReleaseForAsync(e.Return, e.Actor, e.At, ct);
                break;
            case SettlementMoved e:
                await OutboxWriter.SettlementMovedAsync(db, e, ct);
                await MarkReturnChangedAsync(db, marks, e.Settlement.ReturnRequestId, ct);
                if (e.To == SettlementStatus.Cancelled)
                {
                    await new Settlements(db, channels).AddInsteadOfAsync(e.Settlement, e.Actor, e.At, ct);
                }
                break;
            case StoreCreditIssued e:
                OutboxWriter.StoreCreditIssued(db, e);
                break;
            case ExchangeShipped e:
                await OutboxWriter.ExchangeShippedAsync(db, e, ct);
                break;
            case StockMoved e:
                OutboxWriter.StockMoved(db, e);
                marks.StockMoved(e.Movement);
                break;
            case WithdrawalReceived e:
                OutboxWriter.WithdrawalReceived(db, e);
                break;
            case OrderPlaced e:
                marks.OrderPlaced(e);
                break;
            case OrderLinesChanged e:
                marks.OrderLinesChanged(e.Order);
                break;
        }
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is ReturnsDbContext db)
        {
            await DispatchAsync(db, cancellationToken);
        }
        return result;
    }

    /// <summary>
    /// Nothing saves synchronously (handlers query the database): a synchronous save with events to dispatch is a
    /// mistake, refused rather than saved without its consequences (its rollup marks included: they come from events).
    /// </summary>
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } context && Pending(context).Count > 0)
        {
            throw new InvalidOperationException("Domain events are dispatched by SaveChangesAsync only: call SaveChangesAsync.");
        }
        return result;
    }

    private async Task DispatchAsync(ReturnsDbContext db, CancellationToken ct)
    {
        var marks = new RollupMarks(db, clock);
        for (var round = 1; ; round++)
        {
            var sources = Pending(db);
            if (sources.Count == 0)
            {
                // Every round's days, one mark each; marks record no events, so nothing is left to dispatch.
                await marks.WriteAsync(ct);
                return;
            }
            if (round > MaxRounds)
            {
                throw new InvalidOperationException($"Domain events still raised after {MaxRounds} rounds: a handler loops.");
            }
            var events = sources.SelectMany(s => s.DomainEvents).ToList();
            sources.ForEach(s => s.ClearDomainEvents());
            foreach (var domainEvent in events)
            {
                await HandleAsync(db, marks, domainEvent, ct);
            }
        }
    }

    private static List<AggregateRoot> Pending(DbContext context) =>
        [.. context.ChangeTracker.Entries<AggregateRoot>()
            .Where(e => e.State != EntityState.Detached && e.Entity.DomainEvents.Count > 0).Select(e => e.Entity)];

    /// <summary>The analytics count settlements on their return's days: a paid refund changes them.</summary>
    private static async Task MarkReturnChangedAsync(ReturnsDbContext db, RollupMarks marks, int returnId, CancellationToken ct)
    {
        var request = db.Returns.Local.SingleOrDefault(r => r.Id == returnId)
            ?? await db.Returns.SingleAsync(r => r.Id == returnId, ct);
        marks.ReturnChanged(request);
    }

    /// <summary>The settlement reads the order (currency, number) and the policy (store-credit bonus) of the return.</summary>
    private static async Task LoadForSettlementAsync(ReturnsDbContext db, Returns.ReturnRequest request, CancellationToken ct)
    {
        var entry = db.Entry(request);
        if (request.Order is null)
        {
            await entry.Reference(r => r.Order).LoadAsync(ct);
        }
        if (request.Policy is null)
        {
            await entry.Reference(r => r.Policy).LoadAsync(ct);
        }
    }
}
