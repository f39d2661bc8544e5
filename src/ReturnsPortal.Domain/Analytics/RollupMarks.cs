using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Persistence;

namespace ReturnsPortal.Domain.Analytics;

/// <summary>
/// The analytics handler of <see cref="DomainEventDispatcher"/> (ADR 0041, 0047, 0104): from the events of one save it
/// collects the Paris days whose rollups change, then adds one <see cref="RollupMark"/> per day to that same save.
/// A return counts on the day it was created, a sale on the day its order was placed, a decision on its own day.
/// Marks are only ever inserted (concurrent saves never conflict); <see cref="RollupBuilder.CatchUpAsync"/> recomputes
/// the marked days and deletes the marks it read. One instance per save, built by the dispatcher.
/// </summary>
public sealed class RollupMarks(ReturnsDbContext db, TimeProvider clock)
{
    private readonly HashSet<DateOnly> days = [];
    private readonly HashSet<int> returnIds = [];
    private readonly HashSet<int> lineIds = [];
    private bool newReturn;

    /// <summary>The return, its lines, its history or its settlement changed: its creation day.</summary>
    public void ReturnChanged(ReturnRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // A return not saved yet has no creation time: the audit stamps it in this save (see WriteAsync).
        if (request.CreatedAt == default || db.Entry(request).State == EntityState.Added)
        {
            newReturn = true;
        }
        else
        {
            Add(request.CreatedAt);
        }
    }

    /// <summary>
    /// A line decided: the decision's own day and, when it was decided before, the day it leaves (ADR 0047); and the
    /// day of its return (a decision recorded without a status move, as the demo seed does, still changes the return).
    /// </summary>
    public void LineDecided(LineDecided decided)
    {
        ArgumentNullException.ThrowIfNull(decided);
        Add(decided.Decision.DecidedAt);
        if (decided.PreviousDecidedAt is { } previous)
        {
            Add(previous);
        }
        ReturnOfLine(decided.Line);
    }

    /// <summary>A write-off is a cost of its return (ADR 0047): it marks the return's day, even when posted on its own.</summary>
    public void StockMoved(StockMovement movement)
    {
        ArgumentNullException.ThrowIfNull(movement);
        if (movement.Cause != StockCause.WriteOff)
        {
            return;
        }
        if (movement.ReturnLine is { } line)
        {
            ReturnOfLine(line);
        }
        else if (movement.ReturnLineId is > 0 and var lineId)
        {
            lineIds.Add(lineId);
        }
    }

    /// <summary>An order recorded or moved: the day it is placed on, and the day it left.</summary>
    public void OrderPlaced(OrderPlaced placed)
    {
        ArgumentNullException.ThrowIfNull(placed);
        Add(placed.Order.PlacedAt);
        if (placed.MovedFrom is { } from)
        {
            Add(from);
        }
    }

    /// <summary>An order's lines changed: the day it was placed.</summary>
    public void OrderLinesChanged(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        Add(order.PlacedAt);
    }

    /// <summary>
    /// Adds the marks of every day collected, reading the creation day of the returns known only by id. Called by the
    /// dispatcher once all events of the save are handled, so one save writes one mark per day.
    /// </summary>
    public async Task WriteAsync(CancellationToken ct)
    {
        if (returnIds.Count > 0)
        {
            var ids = returnIds.ToList();
            AddAll(await db.Returns.AsNoTracking().Where(r => ids.Contains(r.Id)).Select(r => r.CreatedAt).ToListAsync(ct));
        }
        if (lineIds.Count > 0)
        {
            var ids = lineIds.ToList();
            AddAll(await db.Returns.AsNoTracking().Where(r => r.Lines.Any(l => ids.Contains(l.Id))).Select(r => r.CreatedAt).ToListAsync(ct));
        }
        if (newReturn)
        {
            // The audit interceptor stamps a new return's creation right after, with the same clock: its day is today's.
            // A save straddling midnight marks both days rather than miss one.
            var now = clock.GetUtcNow().UtcDateTime;
            Add(now);
            Add(now.AddSeconds(1));
        }
        db.AnalyticsRollupMarks.AddRange(days.Order().Select(d => new RollupMark { Day = d }));
        days.Clear();
        returnIds.Clear();
        lineIds.Clear();
        newReturn = false;
    }

    private void ReturnOfLine(ReturnLine line)
    {
        if (line.ReturnRequestId > 0)
        {
            returnIds.Add(line.ReturnRequestId);
        }
        else
        {
            // A line of a return not saved yet: that return is new.
            newReturn = true;
        }
    }

    private void AddAll(IEnumerable<DateTime> times)
    {
        foreach (var at in times)
        {
            Add(at);
        }
    }

    private void Add(DateTime at)
    {
        // An order or return without a date yet (never the case once saved) has no day to mark.
        if (at != default)
        {
            days.Add(AnalyticsPeriod.ParisDay(at));
        }
    }
}
