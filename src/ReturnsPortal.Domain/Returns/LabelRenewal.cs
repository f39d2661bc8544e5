using ReturnsPortal.Domain.Persistence;

namespace ReturnsPortal.Domain.Returns;

/// <summary>
/// Renews a lapsed label (ADR 0025). Expiry gave the quantities back to the order (ADR 0010): if the customer has
/// since returned the same items again, renewing would claim them twice, so it is refused.
/// </summary>
public static class LabelRenewal
{
    /// <summary>Renews the tracked <paramref name="request"/> (its policy loaded); the caller saves.</summary>
    public static async Task RenewAsync(ReturnsDbContext db, ReturnRequest request, DateTime now, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        var mine = await db.Entry(request).Collection(r => r.Lines).Query().AsNoTracking()
            .Select(l => new { l.OrderLineId, l.Quantity }).ToListAsync(ct);
        var lineIds = mine.Select(l => l.OrderLineId).Distinct().ToList();
        var freeing = ReturnEligibility.FreeingStatuses.ToList();
        var taken = await db.Returns.AsNoTracking()
            .Where(r => r.OrderId == request.OrderId && r.Id != request.Id && !freeing.Contains(r.Status))
            .SelectMany(r => r.Lines)
            .Where(l => lineIds.Contains(l.OrderLineId))
            .GroupBy(l => l.OrderLineId)
            .Select(g => new { OrderLineId = g.Key, Quantity = g.Sum(l => l.Quantity) })
            .ToDictionaryAsync(x => x.OrderLineId, x => x.Quantity, ct);
        var ordered = await db.OrderLines.AsNoTracking().Where(l => lineIds.Contains(l.Id))
            .ToDictionaryAsync(l => l.Id, l => l.Quantity, ct);
        if (mine.Any(l => taken.GetValueOrDefault(l.OrderLineId) + l.Quantity > ordered.GetValueOrDefault(l.OrderLineId)))
        {
            throw new DomainException("return.renew_items_returned_again",
                $"The items of return {request.Rma} are in another return now: this label cannot be renewed.");
        }
        request.RenewLabel(now, actor);
    }
}
