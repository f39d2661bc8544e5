using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Persistence;

namespace ReturnsPortal.Domain.Inventory;

/// <summary>
/// What a resolved return does to stock (ADR 0061): each decided line's disposition becomes its movements, and an
/// exchange gets its <see cref="ReplacementShipment"/>, which consumes the reservations of accepted lines (the others
/// are released). Nothing happens before the return is Resolved: a decision can still be sent back by the four-eyes
/// reviewer, and receiving alone never moves stock. It is the second handler of <see cref="ReturnResolved"/>, after
/// <see cref="Settlements.AddIfResolvedAsync"/> (ADR 0098); every movement has a unique key, so a retry moves nothing twice.
/// </summary>
public sealed class StockDispositions(ReturnsDbContext db, StockLedger ledger)
{
    /// <summary>The default warehouse (the first one), where returns not routed by a rule come back (ADR 0083).</summary>
    public static Task<int> ReturnsWarehouseIdAsync(ReturnsDbContext db, CancellationToken ct) =>
        Logistics.WarehouseRouting.DefaultWarehouseIdAsync(db, ct);

    /// <summary>Adds (unsaved) the movements and replacement shipment of a resolved return; does nothing otherwise.</summary>
    public async Task<IReadOnlyList<StockMovement>> ApplyIfResolvedAsync(ReturnRequest request, string actor, DateTime at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Status != ReturnStatus.Resolved)
        {
            return [];
        }
        // The items arrive at the return's routed warehouse (ADR 0083): that is where their stock moves.
        var warehouseId = request.WarehouseId;
        var decided = request.Lines.Where(l => l.Decision is not null).ToList();
        var orderLineIds = decided.Select(l => l.OrderLineId).ToList();
        var items = await db.OrderLines.AsNoTracking().Where(o => orderLineIds.Contains(o.Id))
            .Select(o => new { o.Id, o.VariantId, o.Variant!.Product!.UnitCostMinor, o.Variant.Price.Currency })
            .ToDictionaryAsync(o => o.Id, ct);
        var changes = new List<StockChange>();
        foreach (var line in decided)
        {
            var item = items[line.OrderLineId];
            Money? unitCost = item.UnitCostMinor is { } minor ? new Money(minor, item.Currency) : null;
            changes.AddRange(StockChanges.ForDisposition(
                line.Decision!.Disposition, line.Id, item.VariantId, warehouseId, line.QuantityReceived ?? 0, unitCost, actor));
        }
        if (request.Resolution == Resolution.Exchange)
        {
            changes.AddRange(await ShipReplacementAsync(request, actor, at, ct));
        }
        return await ledger.PostAsync(changes, at, ct);
    }

    private async Task<List<StockChange>> ShipReplacementAsync(ReturnRequest request, string actor, DateTime at, CancellationToken ct)
    {
        var lineIds = request.Lines.Select(l => l.Id).ToList();
        // Filtered again in memory: a reservation consumed earlier in this unit of work is still Active in the database.
        var reservations = (await db.StockReservations
            .Where(r => r.Status == ReservationStatus.Active && lineIds.Contains(r.ReturnLineId)).ToListAsync(ct))
            .Where(r => r.Status == ReservationStatus.Active).ToList();
        var changes = new List<StockChange>();
        var accepted = reservations.Where(r => request.Lines.Single(l => l.Id == r.ReturnLineId).Decision?.Verdict
            is LineVerdict.Accept or LineVerdict.AcceptWithDeduction).ToList();
        if (accepted.Count > 0)
        {
            var shipment = db.ReplacementShipments.Local.SingleOrDefault(s => s.ReturnRequestId == request.Id)
                ?? await db.ReplacementShipments.SingleOrDefaultAsync(s => s.ReturnRequestId == request.Id, ct);
            if (shipment is null)
            {
                // A new shipment records ExchangeShipped: the customer hears of it once, in the save that records it.
                shipment = new ReplacementShipment(request, [.. accepted.Select(r => r.VariantId)], actor, at);
                db.ReplacementShipments.Add(shipment);
            }
            foreach (var reservation in accepted)
            {
                reservation.Consume(at, shipment);
                changes.Add(StockChanges.Ship(reservation, actor));
            }
        }
        // A refused or missing item gets no replacement: its unit goes back to sale.
        foreach (var reservation in reservations.Except(accepted))
        {
            reservation.Release(at);
            changes.Add(StockChanges.Release(reservation, actor));
        }
        return changes;
    }
}
