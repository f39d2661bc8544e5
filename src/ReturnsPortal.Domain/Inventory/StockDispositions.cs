using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Persistence;

namespace ReturnsPortal.Domain.Inventory;

/// <summary>
/// What a resolved return does to stock (ADR 0061): each decided line's disposition becomes its movements, and an
/// exchange's refused lines give their reserved units back (the accepted ones wait for <see cref="ReplacementShipping"/>). Nothing happens before the return is Resolved: a decision can still be sent back by the four-eyes
/// reviewer, and receiving alone never moves stock. It is the second handler of <see cref="ReturnResolved"/>, after
/// <see cref="Settlements.AddIfResolvedAsync"/> (ADR 0098); every movement has a unique key, so a retry moves nothing twice.
/// </summary>
public sealed class StockDispositions(ReturnsDbContext db, StockLedger ledger)
{
    /// <summary>The default warehouse (the first one), where returns not routed by a rule come back (ADR 0083).</summary>
    public static Task<int> ReturnsWarehouseIdAsync(ReturnsDbContext db, CancellationToken ct) =>
        Logistics.WarehouseRouting.DefaultWarehouseIdAsync(db, ct);

    /// <summary>Adds (unsaved) the movements of a resolved return; does nothing otherwise.</summary>
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
            changes.AddRange(await ReleaseRefusedAsync(request, actor, at, ct));
        }
        return await ledger.PostAsync(changes, at, ct);
    }

    /// <summary>
    /// The replacement is not shipped here (ADR 0117): its accepted lines keep their reservations until staff or the shop
    /// ship it (<see cref="ReplacementShipping"/>); a refused or missing item gets no replacement, so its unit goes back to sale.
    /// </summary>
    private async Task<List<StockChange>> ReleaseRefusedAsync(ReturnRequest request, string actor, DateTime at, CancellationToken ct)
    {
        var reservations = await ReplacementShipping.ActiveReservationsAsync(db, request.Lines.Select(l => l.Id).ToList(), ct);
        var changes = new List<StockChange>();
        foreach (var reservation in reservations.Where(r => request.Lines.Single(l => l.Id == r.ReturnLineId).Decision?.Verdict
            is not (LineVerdict.Accept or LineVerdict.AcceptWithDeduction)))
        {
            reservation.Release(at);
            changes.Add(StockChanges.Release(reservation, actor));
        }
        return changes;
    }
}

/// <summary>
/// An exchange's replacement leaving or not (ADR 0117): shipping consumes the reservations of the accepted lines and
/// records the <see cref="ReplacementShipment"/>; cancelling gives the units back to sale. Called by the staff page and
/// the shop's API with the settlement's own transition, in one save.
/// </summary>
public sealed class ReplacementShipping(ReturnsDbContext db, StockLedger ledger)
{
    /// <summary>Ships the replacement: the settlement moves to Shipped (it checks carrier and tracking number first).</summary>
    public async Task ShipAsync(Settlement settlement, string carrier, string trackingNumber, string actor, DateTime at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settlement);
        var lineIds = await db.ReturnLines.Where(l => l.ReturnRequestId == settlement.ReturnRequestId).Select(l => l.Id).ToListAsync(ct);
        var reservations = await ActiveReservationsAsync(db, lineIds, ct);
        settlement.Ship(carrier, trackingNumber, [.. reservations.Select(r => r.VariantId)], actor, at);
        var shipment = new ReplacementShipment(settlement.ReturnRequestId, settlement.Reference, actor, at);
        db.ReplacementShipments.Add(shipment);
        var changes = new List<StockChange>();
        foreach (var reservation in reservations)
        {
            reservation.Consume(at, shipment);
            changes.Add(StockChanges.Ship(reservation, actor));
        }
        await ledger.PostAsync(changes, at, ct);
    }

    /// <summary>Cancels the replacement for <paramref name="instead"/>: the reserved units go back to sale.</summary>
    public async Task CancelAsync(Settlement settlement, SettlementKind instead, string reason, string actor, DateTime at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settlement);
        settlement.Cancel(instead, reason, actor, at);
        var lineIds = await db.ReturnLines.Where(l => l.ReturnRequestId == settlement.ReturnRequestId).Select(l => l.Id).ToListAsync(ct);
        var changes = new List<StockChange>();
        foreach (var reservation in await ActiveReservationsAsync(db, lineIds, ct))
        {
            reservation.Release(at);
            changes.Add(StockChanges.Release(reservation, actor));
        }
        await ledger.PostAsync(changes, at, ct);
    }

    /// <summary>Filtered again in memory: a reservation closed earlier in this unit of work is still Active in the database.</summary>
    internal static async Task<List<StockReservation>> ActiveReservationsAsync(ReturnsDbContext db, List<int> lineIds, CancellationToken ct) =>
        [.. (await db.StockReservations.Where(r => r.Status == ReservationStatus.Active && lineIds.Contains(r.ReturnLineId)).ToListAsync(ct))
            .Where(r => r.Status == ReservationStatus.Active)];
}
