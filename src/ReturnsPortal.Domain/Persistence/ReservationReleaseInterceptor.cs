using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Persistence;

/// <summary>
/// A return that ends without being received (cancelled, rejected, expired) gives its exchange replacements back to
/// stock in the same SaveChanges, whatever page, API or job moved it: no code path can forget the release.
/// Releasing is idempotent, so callers that already released explicitly are unaffected. Each release also writes
/// its ExchangeRelease movement (and the level's reserved units) through the <see cref="StockLedger"/>.
/// </summary>
public sealed class ReservationReleaseInterceptor : SaveChangesInterceptor
{
    private static readonly ReturnStatus[] Ending = [ReturnStatus.Cancelled, ReturnStatus.Rejected, ReturnStatus.Expired];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        foreach (var (request, at, actor) in Ended(eventData.Context))
        {
            var released = ActiveFor(eventData.Context!, request).ToList();
            foreach (var reservation in released)
            {
                reservation.Release(at);
            }
            new StockLedger((ReturnsDbContext)eventData.Context!).Post([.. released.Select(r => StockChanges.Release(r, actor))], at);
        }
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        foreach (var (request, at, actor) in Ended(eventData.Context))
        {
            var released = await ActiveFor(eventData.Context!, request).ToListAsync(cancellationToken);
            foreach (var reservation in released)
            {
                reservation.Release(at);
            }
            await new StockLedger((ReturnsDbContext)eventData.Context!).PostAsync(
                [.. released.Select(r => StockChanges.Release(r, actor))], at, cancellationToken);
        }
        return result;
    }

    private static List<(ReturnRequest Request, DateTime At, string Actor)> Ended(DbContext? context) =>
        context is null ? [] : [.. context.ChangeTracker.Entries<ReturnRequest>()
            .Where(e => e.State == EntityState.Modified && e.Property(r => r.Status).IsModified && Ending.Contains(e.Entity.Status))
            .Select(e => e.Entity.History.OrderBy(h => h.At).LastOrDefault() is { } last
                ? (e.Entity, last.At, last.Actor)
                : (e.Entity, DateTime.UtcNow, SystemActor.Name))];

    private static IQueryable<StockReservation> ActiveFor(DbContext context, ReturnRequest request) =>
        context.Set<StockReservation>().Where(r => r.Status == ReservationStatus.Active
            && context.Set<ReturnLine>().Any(l => l.Id == r.ReturnLineId && l.ReturnRequestId == request.Id));
}
