using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ReturnsPortal.Domain.Analytics;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Persistence;

/// <summary>
/// Marks the shop days whose analytics rollups a save changes, in that same save (ADR 0041): a return's day is the
/// day it was created, a sale's the day its order was placed. Marks are only ever inserted (no conflict between
/// concurrent saves); <see cref="RollupBuilder.CatchUpAsync"/> recomputes the marked days and deletes the marks it read.
/// Register it after <see cref="AuditInterceptor"/>, which stamps the creation time of new returns.
/// </summary>
public sealed class RollupMarkInterceptor : SaveChangesInterceptor
{
    /// <summary>Nothing saves synchronously: a synchronous save that would change analytics is refused, not left unmarked.</summary>
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } context && Collect(context) is var pending
            && (pending.Days.Count > 0 || pending.ReturnIds.Count > 0 || pending.OrderIds.Count > 0 || pending.LineIds.Count > 0))
        {
            throw new InvalidOperationException("Rollup marks are written by SaveChangesAsync only: call SaveChangesAsync.");
        }
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            var pending = Collect(context);
            var days = pending.Days;
            if (pending.ReturnIds.Count > 0)
            {
                days.UnionWith((await context.Set<ReturnRequest>().AsNoTracking().Where(r => pending.ReturnIds.Contains(r.Id))
                    .Select(r => r.CreatedAt).ToListAsync(cancellationToken)).Select(AnalyticsPeriod.ParisDay));
            }
            if (pending.OrderIds.Count > 0)
            {
                days.UnionWith((await context.Set<Order>().AsNoTracking().Where(o => pending.OrderIds.Contains(o.Id))
                    .Select(o => o.PlacedAt).ToListAsync(cancellationToken)).Select(AnalyticsPeriod.ParisDay));
            }
            if (pending.LineIds.Count > 0)
            {
                days.UnionWith((await context.Set<ReturnRequest>().AsNoTracking().Where(r => r.Lines.Any(l => pending.LineIds.Contains(l.Id)))
                    .Select(r => r.CreatedAt).ToListAsync(cancellationToken)).Select(AnalyticsPeriod.ParisDay));
            }
            Mark(context, days);
        }
        return result;
    }

    private static void Mark(DbContext context, HashSet<DateOnly> days)
    {
        context.Set<RollupMark>().AddRange(days.Order().Select(d => new RollupMark { Day = d }));
    }

    private sealed record Pending(HashSet<DateOnly> Days, List<int> ReturnIds, List<int> OrderIds, List<int> LineIds);

    /// <summary>Days known from tracked entities, and the ids of returns and orders whose day must be read.</summary>
    private static Pending Collect(DbContext context)
    {
        var days = new HashSet<DateOnly>();
        var returnIds = new HashSet<int>();
        var orderIds = new HashSet<int>();
        var returns = new Dictionary<int, ReturnRequest>();
        foreach (var entry in context.ChangeTracker.Entries<ReturnRequest>())
        {
            if (entry.State != EntityState.Added)
            {
                returns[entry.Entity.Id] = entry.Entity;
            }
            if (IsChanged(entry))
            {
                days.Add(AnalyticsPeriod.ParisDay(entry.Entity.CreatedAt));
            }
        }
        void ReturnChanged(int returnId)
        {
            if (returns.TryGetValue(returnId, out var request))
            {
                days.Add(AnalyticsPeriod.ParisDay(request.CreatedAt));
            }
            else if (returnId > 0)
            {
                returnIds.Add(returnId);
            }
        }
        // A line added to a new return has no id yet: its return is Added, hence already marked above.
        foreach (var entry in context.ChangeTracker.Entries<ReturnLine>().Where(IsChanged))
        {
            ReturnChanged(entry.Entity.ReturnRequestId);
        }
        foreach (var entry in context.ChangeTracker.Entries<ReturnStatusChange>().Where(IsChanged))
        {
            ReturnChanged(entry.Entity.ReturnRequestId);
        }
        foreach (var entry in context.ChangeTracker.Entries<Settlement>().Where(IsChanged))
        {
            ReturnChanged(entry.Entity.ReturnRequestId);
        }
        var lines = new Dictionary<int, int>();
        foreach (var entry in context.ChangeTracker.Entries<ReturnLine>().Where(e => e.State != EntityState.Added))
        {
            lines[entry.Entity.Id] = entry.Entity.ReturnRequestId;
        }
        foreach (var entry in context.ChangeTracker.Entries<LineDecision>().Where(IsChanged))
        {
            // The disposition mix counts a decision on its own day (ADR 0047), and a changed one leaves its old day.
            days.Add(AnalyticsPeriod.ParisDay(entry.Entity.DecidedAt));
            if (entry.State == EntityState.Modified)
            {
                days.Add(AnalyticsPeriod.ParisDay(entry.Property(d => d.DecidedAt).OriginalValue));
            }
            if (lines.TryGetValue(entry.Entity.ReturnLineId, out var returnId))
            {
                ReturnChanged(returnId);
            }
        }
        // A write-off is a cost of its return (ADR 0047): it marks the return's day, even when saved on its own.
        var lineIds = new HashSet<int>();
        foreach (var entry in context.ChangeTracker.Entries<StockMovement>().Where(e => IsChanged(e) && e.Entity.Cause == StockCause.WriteOff))
        {
            if (entry.Entity.ReturnLine is { ReturnRequestId: > 0 } line)
            {
                ReturnChanged(line.ReturnRequestId);
            }
            else if (entry.Entity.ReturnLineId is { } lineId && lines.TryGetValue(lineId, out var returnId))
            {
                ReturnChanged(returnId);
            }
            else if (entry.Entity.ReturnLineId is > 0)
            {
                lineIds.Add(entry.Entity.ReturnLineId.Value);
            }
        }

        var orders = new Dictionary<int, Order>();
        foreach (var entry in context.ChangeTracker.Entries<Order>())
        {
            if (entry.State != EntityState.Added)
            {
                orders[entry.Entity.Id] = entry.Entity;
            }
            if (IsChanged(entry))
            {
                days.Add(AnalyticsPeriod.ParisDay(entry.Entity.PlacedAt));
                if (entry.State == EntityState.Modified)
                {
                    // A moved order also changes the day it left.
                    days.Add(AnalyticsPeriod.ParisDay(entry.Property(o => o.PlacedAt).OriginalValue));
                }
            }
        }
        foreach (var entry in context.ChangeTracker.Entries<OrderLine>().Where(IsChanged))
        {
            if (orders.TryGetValue(entry.Entity.OrderId, out var order))
            {
                days.Add(AnalyticsPeriod.ParisDay(order.PlacedAt));
            }
            else if (entry.Entity.OrderId > 0)
            {
                orderIds.Add(entry.Entity.OrderId);
            }
        }
        days.Remove(default);
        return new Pending(days, [.. returnIds], [.. orderIds], [.. lineIds]);
    }

    private static bool IsChanged(EntityEntry entry) => entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted;
}
