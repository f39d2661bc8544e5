using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Persistence;

/// <summary>
/// A return that ends without being received (cancelled, rejected, expired) gives its exchange replacements back to
/// stock in the same SaveChanges, whatever page, API or job moved it: no code path can forget the release.
/// Releasing is idempotent, so callers that already released explicitly are unaffected.
/// </summary>
public sealed class ReservationReleaseInterceptor : SaveChangesInterceptor
{
    private static readonly ReturnStatus[] Ending = [ReturnStatus.Cancelled, ReturnStatus.Rejected, ReturnStatus.Expired];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        foreach (var (request, at) in Ended(eventData.Context))
        {
            foreach (var reservation in ActiveFor(eventData.Context!, request).ToList())
            {
                reservation.Release(at);
            }
        }
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        foreach (var (request, at) in Ended(eventData.Context))
        {
            foreach (var reservation in await ActiveFor(eventData.Context!, request).ToListAsync(cancellationToken))
            {
                reservation.Release(at);
            }
        }
        return result;
    }

    private static List<(ReturnRequest Request, DateTime At)> Ended(DbContext? context) =>
        context is null ? [] : [.. context.ChangeTracker.Entries<ReturnRequest>()
            .Where(e => e.State == EntityState.Modified && e.Property(r => r.Status).IsModified && Ending.Contains(e.Entity.Status))
            .Select(e => (e.Entity, e.Entity.History.Count > 0 ? e.Entity.History.Max(h => h.At) : DateTime.UtcNow))];

    private static IQueryable<StockReservation> ActiveFor(DbContext context, ReturnRequest request) =>
        context.Set<StockReservation>().Where(r => r.Status == ReservationStatus.Active
            && context.Set<ReturnLine>().Any(l => l.Id == r.ReturnLineId && l.ReturnRequestId == request.Id));
}
