using System.ComponentModel.DataAnnotations.Schema;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Withdrawals;

namespace ReturnsPortal.Domain.Common;

/// <summary>
/// Something that happened to an aggregate, recorded by the aggregate itself and handled in the same SaveChanges
/// (hence the same transaction) by <see cref="Persistence.DomainEventDispatcher"/>, which lists every handler (ADR 0098).
/// </summary>
public interface IDomainEvent;

/// <summary>An entity that records domain events; they are dispatched, then cleared, when the context saves.</summary>
public abstract class AggregateRoot
{
    private readonly List<IDomainEvent> pendingEvents = [];

    /// <summary>Recorded since the last save; never stored (not mapped, so no model change).</summary>
    [NotMapped]
    public IReadOnlyList<IDomainEvent> DomainEvents => pendingEvents;

    public void ClearDomainEvents() => pendingEvents.Clear();

    protected void Record(IDomainEvent domainEvent) => pendingEvents.Add(domainEvent);

    /// <summary>Replaces an event not dispatched yet (an entry rewritten before the save, e.g. a history note).</summary>
    protected void Replace(IDomainEvent recorded, IDomainEvent replacement)
    {
        var index = pendingEvents.IndexOf(recorded);
        if (index >= 0)
        {
            pendingEvents[index] = replacement;
        }
    }
}

// Every domain event of the portal, in one place; docs/architecture.md lists their handlers.

/// <summary>A return's status moved (its creation included: <see cref="ReturnStatusChange.From"/> is null).</summary>
public sealed record ReturnStatusChanged(ReturnRequest Return, ReturnStatusChange Change) : IDomainEvent;

/// <summary>The return was sent to another warehouse (<see cref="ReturnRequest.RouteTo"/>): the analytics split returns by warehouse.</summary>
public sealed record ReturnRouted(ReturnRequest Return, int WarehouseId) : IDomainEvent;

/// <summary>
/// A line was decided, or decided again after a send-back (<paramref name="PreviousDecidedAt"/>: when it was decided
/// before). The disposition mix counts a decision on its own day (ADR 0047).
/// </summary>
public sealed record LineDecided(ReturnLine Line, LineDecision Decision, DateTime? PreviousDecidedAt) : IDomainEvent;

/// <summary>The return's decision stands (directly or after four-eyes approval): it is settled and its stock moves.</summary>
public sealed record ReturnResolved(ReturnRequest Return, string Actor, DateTime At) : IDomainEvent;

/// <summary>A return ended without a settlement (cancelled, rejected, expired): its exchange reservations go back to sale.</summary>
public interface IReturnEndedUnsettled : IDomainEvent
{
    ReturnRequest Return { get; }
    string Actor { get; }
    DateTime At { get; }
}

/// <summary>The customer (or staff) cancelled the return: its exchange reservations go back to sale.</summary>
public sealed record ReturnCancelled(ReturnRequest Return, string Actor, DateTime At) : IReturnEndedUnsettled;

/// <summary>The return was refused: its exchange reservations go back to sale.</summary>
public sealed record ReturnRejected(ReturnRequest Return, string Actor, DateTime At) : IReturnEndedUnsettled;

/// <summary>The label lapsed unused: the return's exchange reservations go back to sale.</summary>
public sealed record ReturnExpired(ReturnRequest Return, string Actor, DateTime At) : IReturnEndedUnsettled;

/// <summary>
/// A settlement was created (<paramref name="From"/> null) or moved (ADR 0117): customers, shops and analytics hear of
/// what happened to the money or the replacement, and only that.
/// </summary>
public sealed record SettlementMoved(Settlement Settlement, SettlementStatus? From, SettlementStatus To, string Actor, DateTime At) : IDomainEvent;

/// <summary>Store credit was added to a customer's account for a resolved return.</summary>
public sealed record StoreCreditIssued(StoreCreditAccount Account, StoreCreditEntry Entry, string Rma, string Language) : IDomainEvent;

/// <summary>The replacement of an exchange left with a carrier (the settlement has its tracking number).</summary>
public sealed record ExchangeShipped(Settlement Settlement, IReadOnlyList<int> VariantIds) : IDomainEvent;

/// <summary>A stock movement was posted to the ledger at <paramref name="PostedAt"/>; the SKU and warehouse code are the ones the ledger read.</summary>
public sealed record StockMoved(StockMovement Movement, string Sku, string Warehouse, DateTime PostedAt) : IDomainEvent;

/// <summary>
/// The order's date was set: when it is recorded, or when an import moves it (<paramref name="MovedFrom"/>: the date it
/// had). Sales count on the day the order was placed (ADR 0041).
/// </summary>
public sealed record OrderPlaced(Order Order, DateTime? MovedFrom) : IDomainEvent;

/// <summary>A line of an order was added, changed (quantity, price) or removed (<see cref="Order.RecordLine"/>, <see cref="Order.RemoveLine"/>).</summary>
public sealed record OrderLinesChanged(Order Order) : IDomainEvent;

/// <summary>
/// A customer withdrew from an order (the legal right of withdrawal). <see cref="OrderEmail"/> is the order's own
/// address, which is told too when the person filing gave another one.
/// </summary>
public sealed record WithdrawalReceived(Withdrawal Withdrawal, string OrderEmail) : IDomainEvent;
