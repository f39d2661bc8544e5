using ReturnsPortal.Domain.Persistence;

namespace ReturnsPortal.Domain.Returns;

/// <summary>
/// Expires approved returns whose label lapsed: <see cref="ReturnRequest.LabelValidUntil"/> is past and the parcel
/// never shipped. Expiring gives the quantities back to the order (ADR 0010) and, through the reservation
/// interceptor, the exchange replacements back to stock. Each return is saved on its own: a parcel scanned at the
/// same moment wins (concurrency token), and the next pass tries nothing twice.
/// </summary>
public sealed class LabelExpiry(ReturnsDbContext db, TimeProvider clock)
{
    public const int BatchSize = 200;

    /// <summary>One pass; returns how many returns expired.</summary>
    public async Task<int> ExpireLapsedAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var lapsed = await db.Returns.AsNoTracking()
            .Where(r => r.Status == ReturnStatus.Approved && r.LabelValidUntil != null && r.LabelValidUntil <= now)
            .OrderBy(r => r.LabelValidUntil)
            .Take(BatchSize)
            .Select(r => r.Id)
            .ToListAsync(ct);
        var expired = 0;
        foreach (var id in lapsed)
        {
            var request = await db.Returns.SingleAsync(r => r.Id == id, ct);
            if (request.Status != ReturnStatus.Approved)
            {
                continue;
            }
            request.Expire(now);
            try
            {
                await db.SaveChangesAsync(ct);
                expired++;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Shipped or cancelled meanwhile: that move stands.
            }
            db.ChangeTracker.Clear();
        }
        return expired;
    }
}
