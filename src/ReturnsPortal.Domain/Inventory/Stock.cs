using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Persistence;

namespace ReturnsPortal.Domain.Inventory;

/// <summary>
/// How many units of a variant a warehouse holds in a bucket, and (Sellable only) how many of them are held for
/// exchanges. Only the ledger changes it (<see cref="StockPosting"/>), so it always equals the sum of its movements;
/// <see cref="Version"/> is a concurrency token, so two instances cannot both take the last unit (ADR 0060).
/// </summary>
public sealed class StockLevel
{
    public const int BucketLength = 30;

    private StockLevel() { }

    /// <summary>An empty level; only the ledger fills it.</summary>
    internal StockLevel(int variantId, int warehouseId, StockBucket bucket)
    {
        VariantId = variantId;
        WarehouseId = warehouseId;
        Bucket = bucket;
    }

    public int Id { get; private set; }
    public int VariantId { get; private set; }
    public int WarehouseId { get; private set; }
    public StockBucket Bucket { get; private set; }
    /// <summary>Units on hand.</summary>
    public int Quantity { get; private set; }
    /// <summary>Units on hand promised to exchanges (Sellable only).</summary>
    public int Reserved { get; private set; }
    public int Available => Quantity - Reserved;
    public DateTime UpdatedAt { get; private set; }
    public int Version { get; private set; }

    internal void Apply(int quantity, int reserved, DateTime at)
    {
        Quantity += quantity;
        Reserved += reserved;
        UpdatedAt = at;
        Version++;
    }
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

    public StockReservation(ReturnLine line, int variantId, int quantity, DateTime at, int warehouseId)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (quantity <= 0)
        {
            throw new DomainException("stock.quantity", "A reservation holds at least one unit.");
        }
        ReturnLine = line;
        VariantId = variantId;
        WarehouseId = warehouseId;
        Quantity = quantity;
        Status = ReservationStatus.Active;
        CreatedAt = at;
    }

    public int Id { get; private set; }
    public int ReturnLineId { get; private set; }
    public ReturnLine? ReturnLine { get; private set; }
    public int VariantId { get; private set; }
    /// <summary>The warehouse whose Sellable level holds the unit (counted in its Reserved).</summary>
    public int WarehouseId { get; private set; }
    public int Quantity { get; private set; }
    public ReservationStatus Status { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? ClosedAt { get; private set; }
    public int? ReplacementShipmentId { get; private set; }

    /// <summary>Gives the unit back to sale; releasing twice is harmless (cancel and expiry may race).</summary>
    public void Release(DateTime at)
    {
        if (Status == ReservationStatus.Active)
        {
            Status = ReservationStatus.Released;
            ClosedAt = at;
        }
    }

    public void Consume(DateTime at, ReplacementShipment? shipment = null)
    {
        if (Status != ReservationStatus.Active)
        {
            throw new DomainException("stock.not_active", "Only an active reservation can be used for the exchange.");
        }
        Status = ReservationStatus.Consumed;
        ClosedAt = at;
        Shipment = shipment;
    }

    internal ReplacementShipment? Shipment { get; private set; }
}

/// <summary>
/// The replacement sent for an exchange: one per return (unique), created when the exchange settlement is Shipped
/// (<see cref="ReplacementShipping"/>); it consumes the return's reservations (its lines are the consumed reservations).
/// </summary>
public sealed class ReplacementShipment : AggregateRoot
{
    public const int ReferenceLength = 100;

    private ReplacementShipment() { }

    /// <summary>The replacement of a return's accepted exchange lines; the settlement records <see cref="ExchangeShipped"/>.</summary>
    public ReplacementShipment(int returnRequestId, string reference, string actor, DateTime at)
    {
        ReturnRequestId = returnRequestId;
        Reference = reference;
        CreatedBy = actor;
        CreatedAt = at;
    }

    public int Id { get; private set; }
    public int ReturnRequestId { get; private set; }
    public string Reference { get; private set; } = "";
    public string CreatedBy { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
}

/// <summary>Availability and reservations of replacement stock for exchanges.</summary>
public sealed class StockReservations(ReturnsDbContext db, StockLedger ledger, TimeProvider clock)
{
    /// <summary>Sellable units not reserved, per variant (absent variants have none).</summary>
    public async Task<IReadOnlyDictionary<int, int>> AvailableAsync(IReadOnlyCollection<int> variantIds, CancellationToken ct)
    {
        var onHand = await db.StockLevels.AsNoTracking()
            .Where(s => variantIds.Contains(s.VariantId) && s.Bucket == StockBucket.Sellable)
            .GroupBy(s => s.VariantId)
            .Select(g => new { VariantId = g.Key, Quantity = g.Sum(s => s.Quantity - s.Reserved) })
            .ToDictionaryAsync(x => x.VariantId, x => x.Quantity, ct);
        return variantIds.Distinct().ToDictionary(id => id, id => Math.Max(0, onHand.GetValueOrDefault(id)));
    }

    /// <summary>
    /// Adds (unsaved) a reservation for every exchange line of a new return, with its ExchangeReservation movement;
    /// throws when stock ran out meanwhile. The level's concurrency token makes the save a conditional decrement of
    /// what is available: of two customers taking the last unit, the second save fails (ADR 0060).
    /// </summary>
    public async Task ReserveForAsync(ReturnRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var wanted = request.Lines.Where(l => l.ExchangeVariantId is not null).ToList();
        if (wanted.Count == 0)
        {
            return;
        }
        var variantIds = wanted.Select(l => l.ExchangeVariantId!.Value).Distinct().ToList();
        var available = await AvailableAsync(variantIds, ct);
        foreach (var group in wanted.GroupBy(l => l.ExchangeVariantId!.Value))
        {
            if (group.Sum(l => l.Quantity) > available[group.Key])
            {
                throw new DomainException("stock.unavailable", "The replacement is no longer in stock.");
            }
        }
        var at = clock.GetUtcNow().UtcDateTime;
        // The warehouse with the most available units serves each variant.
        var warehouseOf = (await db.StockLevels.AsNoTracking()
                .Where(s => variantIds.Contains(s.VariantId) && s.Bucket == StockBucket.Sellable)
                .Select(s => new { s.VariantId, s.WarehouseId, Available = s.Quantity - s.Reserved })
                .ToListAsync(ct))
            .GroupBy(s => s.VariantId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(s => s.Available).ThenBy(s => s.WarehouseId).First().WarehouseId);
        var reservations = wanted.Select(l => new StockReservation(l, l.ExchangeVariantId!.Value, l.Quantity, at, warehouseOf[l.ExchangeVariantId!.Value])).ToList();
        db.StockReservations.AddRange(reservations);
        var actor = request.History.Select(h => h.Actor).FirstOrDefault() ?? SystemActor.Name;
        await ledger.PostAsync([.. wanted.Select(l => StockChanges.Reserve(request.Rma, request.Lines.IndexOf(l), l, warehouseOf[l.ExchangeVariantId!.Value], actor))], at, ct);
    }

    /// <summary>
    /// Releases (unsaved) every active reservation of a return, with its ExchangeRelease movement. The handler of
    /// <see cref="ReturnCancelled"/>, <see cref="ReturnRejected"/> and <see cref="ReturnExpired"/> does it on any save that
    /// ends a return (ADR 0098), so calling this is optional.
    /// </summary>
    public Task ReleaseForAsync(ReturnRequest request, CancellationToken ct) =>
        ReleaseForAsync(request, SystemActor.Name, clock.GetUtcNow().UtcDateTime, ct);

    /// <summary>Releases (unsaved) every active reservation of a return, as <paramref name="actor"/> at <paramref name="at"/>; releasing twice is harmless.</summary>
    public async Task ReleaseForAsync(ReturnRequest request, string actor, DateTime at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Filtered again in memory: one released earlier in this unit of work is still Active in the database.
        var reservations = (await db.StockReservations
            .Where(r => r.Status == ReservationStatus.Active && db.ReturnLines.Any(l => l.Id == r.ReturnLineId && l.ReturnRequestId == request.Id))
            .ToListAsync(ct)).Where(r => r.Status == ReservationStatus.Active).ToList();
        foreach (var reservation in reservations)
        {
            reservation.Release(at);
        }
        await ledger.PostAsync([.. reservations.Select(r => StockChanges.Release(r, actor))], at, ct);
    }
}
