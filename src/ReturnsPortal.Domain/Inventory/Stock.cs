using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Inventory;

/// <summary>
/// How many units of a variant a warehouse holds in a bucket. Deliberately minimal (ADR 0015): only the
/// "Sellable" bucket exists and nothing writes movements yet; the stock ledger issue builds on it.
/// </summary>
public sealed class StockLevel
{
    public const string Sellable = "Sellable";
    public const int BucketLength = 30;

    public int Id { get; set; }
    public int VariantId { get; set; }
    public int WarehouseId { get; set; }
    public string Bucket { get; set; } = Sellable;
    public int Quantity { get; set; }
}

public enum ReservationStatus
{
    Active,
    Released,
    Consumed,
}

/// <summary>A replacement unit held for an exchange, one per return line (unique), from the return's creation.</summary>
public sealed class StockReservation
{
    private StockReservation() { }

    public StockReservation(ReturnLine line, int variantId, int quantity, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (quantity <= 0)
        {
            throw new DomainException("stock.quantity", "A reservation holds at least one unit.");
        }
        ReturnLine = line;
        VariantId = variantId;
        Quantity = quantity;
        Status = ReservationStatus.Active;
        CreatedAt = at;
    }

    public int Id { get; private set; }
    public int ReturnLineId { get; private set; }
    public ReturnLine? ReturnLine { get; private set; }
    public int VariantId { get; private set; }
    public int Quantity { get; private set; }
    public ReservationStatus Status { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? ClosedAt { get; private set; }

    /// <summary>Gives the unit back to sale; releasing twice is harmless (cancel and expiry may race).</summary>
    public void Release(DateTime at)
    {
        if (Status == ReservationStatus.Active)
        {
            Status = ReservationStatus.Released;
            ClosedAt = at;
        }
    }

    public void Consume(DateTime at)
    {
        if (Status != ReservationStatus.Active)
        {
            throw new DomainException("stock.not_active", "Only an active reservation can be used for the exchange.");
        }
        Status = ReservationStatus.Consumed;
        ClosedAt = at;
    }
}

/// <summary>Availability and reservations of replacement stock for exchanges.</summary>
public sealed class StockReservations(ReturnsDbContext db, TimeProvider clock)
{
    /// <summary>Sellable units minus active reservations, per variant (absent variants have none).</summary>
    public async Task<IReadOnlyDictionary<int, int>> AvailableAsync(IReadOnlyCollection<int> variantIds, CancellationToken ct)
    {
        var onHand = await db.StockLevels.AsNoTracking()
            .Where(s => variantIds.Contains(s.VariantId) && s.Bucket == StockLevel.Sellable)
            .GroupBy(s => s.VariantId)
            .Select(g => new { VariantId = g.Key, Quantity = g.Sum(s => s.Quantity) })
            .ToDictionaryAsync(x => x.VariantId, x => x.Quantity, ct);
        var held = await db.StockReservations.AsNoTracking()
            .Where(r => variantIds.Contains(r.VariantId) && r.Status == ReservationStatus.Active)
            .GroupBy(r => r.VariantId)
            .Select(g => new { VariantId = g.Key, Quantity = g.Sum(r => r.Quantity) })
            .ToDictionaryAsync(x => x.VariantId, x => x.Quantity, ct);
        return variantIds.Distinct().ToDictionary(id => id, id => Math.Max(0, onHand.GetValueOrDefault(id) - held.GetValueOrDefault(id)));
    }

    /// <summary>Adds (unsaved) a reservation for every exchange line of a new return; throws when stock ran out meanwhile.</summary>
    public async Task ReserveForAsync(ReturnRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var wanted = request.Lines.Where(l => l.ExchangeVariantId is not null).ToList();
        if (wanted.Count == 0)
        {
            return;
        }
        var available = await AvailableAsync(wanted.Select(l => l.ExchangeVariantId!.Value).ToList(), ct);
        foreach (var group in wanted.GroupBy(l => l.ExchangeVariantId!.Value))
        {
            if (group.Sum(l => l.Quantity) > available[group.Key])
            {
                throw new DomainException("stock.unavailable", "The replacement is no longer in stock.");
            }
        }
        var at = clock.GetUtcNow().UtcDateTime;
        db.StockReservations.AddRange(wanted.Select(l => new StockReservation(l, l.ExchangeVariantId!.Value, l.Quantity, at)));
    }

    /// <summary>
    /// Releases (unsaved) every active reservation of a return. <see cref="Persistence.ReservationReleaseInterceptor"/>
    /// also does it on any save that cancels, rejects or expires a return, so calling this is optional.
    /// </summary>
    public async Task ReleaseForAsync(ReturnRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var at = clock.GetUtcNow().UtcDateTime;
        var reservations = await db.StockReservations
            .Where(r => r.Status == ReservationStatus.Active && db.ReturnLines.Any(l => l.Id == r.ReturnLineId && l.ReturnRequestId == request.Id))
            .ToListAsync(ct);
        foreach (var reservation in reservations)
        {
            reservation.Release(at);
        }
    }
}
