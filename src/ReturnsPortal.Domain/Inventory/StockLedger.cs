using ReturnsPortal.Domain.Persistence;

namespace ReturnsPortal.Domain.Inventory;

/// <summary>Where a unit stands in a warehouse: for sale, sold as open box, waiting for repair, or held aside.</summary>
public enum StockBucket
{
    Sellable,
    OpenBox,
    Refurbish,
    Quarantine,
}

/// <summary>Why stock moved; every movement names one.</summary>
public enum StockCause
{
    ReturnDisposition,
    ExchangeReservation,
    ExchangeRelease,
    ExchangeShipment,
    ManualAdjustment,
    Import,
    RefurbishTransfer,
    WriteOff,
}

/// <summary>
/// One wanted change of a level: <see cref="Quantity"/> units on hand and <see cref="Reserved"/> units held for
/// exchanges (both signed). <see cref="Key"/> is unique in the ledger: a change with a key already posted is skipped.
/// </summary>
public sealed record StockChange(
    int VariantId, int WarehouseId, StockBucket Bucket, int Quantity, int Reserved, StockCause Cause, string Key, string Actor,
    int? ReturnLineId = null, string? Note = null, Money? UnitCost = null, Returns.ReturnLine? Line = null, DateTime? At = null)
{
    public StockKey Level => new(VariantId, WarehouseId, Bucket);
}

public readonly record struct StockKey(int VariantId, int WarehouseId, StockBucket Bucket);

/// <summary>
/// An immutable line of the stock ledger (docs/decisions/0060-stock-ledger.md). A level always equals the sum of
/// its movements: <see cref="StockLevel.Quantity"/> the sum of <see cref="Quantity"/>, <see cref="StockLevel.Reserved"/>
/// the sum of <see cref="Reserved"/>.
/// </summary>
public sealed class StockMovement : AggregateRoot
{
    public const int KeyLength = 80;
    public const int ActorLength = 256;
    public const int NoteLength = 500;

    private StockMovement() { }

    internal StockMovement(StockChange change, StockLevel level, DateTime at)
    {
        VariantId = change.VariantId;
        WarehouseId = change.WarehouseId;
        Bucket = change.Bucket;
        Quantity = change.Quantity;
        Reserved = change.Reserved;
        QuantityAfter = level.Quantity;
        Cause = change.Cause;
        ReturnLineId = change.ReturnLineId;
        // A line of a return not saved yet has no id: the navigation lets the save fill the key in.
        ReturnLine = change.Line;
        Actor = change.Actor;
        At = at;
        IdempotencyKey = change.Key;
        Note = change.Note;
        if (change.UnitCost is { } unit)
        {
            var cost = unit.Times(Math.Abs(change.Quantity));
            CostMinor = cost.Minor;
            CostCurrency = cost.Currency;
        }
    }

    public long Id { get; private set; }
    public int VariantId { get; private set; }
    public int WarehouseId { get; private set; }
    public StockBucket Bucket { get; private set; }
    /// <summary>Units on hand added (positive) or removed (negative).</summary>
    public int Quantity { get; private set; }
    /// <summary>Units held for exchanges added or removed (Sellable only).</summary>
    public int Reserved { get; private set; }
    /// <summary>The level's quantity on hand right after this movement.</summary>
    public int QuantityAfter { get; private set; }
    public StockCause Cause { get; private set; }
    public int? ReturnLineId { get; private set; }
    public Returns.ReturnLine? ReturnLine { get; private set; }
    public string Actor { get; private set; } = "";
    public DateTime At { get; private set; }
    public string IdempotencyKey { get; private set; } = "";
    public string? Note { get; private set; }
    public long? CostMinor { get; private set; }
    public string? CostCurrency { get; private set; }

    /// <summary>What a write-off cost (units × the product's unit cost), when known.</summary>
    public Money? Cost => CostMinor is { } minor && CostCurrency is { } currency ? new Money(minor, currency) : null;

    /// <summary>Posted to the database ledger at <paramref name="at"/>: records <see cref="StockMoved"/> (stock.changed).</summary>
    internal void Posted(string sku, string warehouse, DateTime at) => Record(new StockMoved(this, sku, warehouse, at));
}

/// <summary>The rules of the ledger, without a database: the property tests drive them with random sequences.</summary>
public static class StockPosting
{
    /// <summary>
    /// Applies <paramref name="changes"/> to their levels all or nothing: first every resulting level is checked
    /// (nothing below zero on hand, nothing reserved outside Sellable, no more reserved than on hand), then each
    /// change becomes a movement. Throws a <see cref="DomainException"/> with the reason and changes nothing.
    /// </summary>
    public static IReadOnlyList<StockMovement> Post(Func<StockKey, StockLevel> levelOf, IReadOnlyList<StockChange> changes, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(levelOf);
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var group in changes.GroupBy(c => c.Level))
        {
            var level = levelOf(group.Key);
            var quantity = level.Quantity + group.Sum(c => c.Quantity);
            var reserved = level.Reserved + group.Sum(c => c.Reserved);
            if (group.Any(c => c.Reserved != 0) && group.Key.Bucket != StockBucket.Sellable)
            {
                throw new DomainException("stock.reserve_bucket", "Only Sellable stock is reserved for exchanges.");
            }
            if (quantity < 0)
            {
                throw new DomainException(group.Key.Bucket == StockBucket.Sellable ? "stock.sellable_negative" : "stock.negative",
                    $"{group.Key.Bucket} stock cannot go below zero: {level.Quantity} on hand, {quantity - level.Quantity} asked.");
            }
            if (reserved < 0)
            {
                throw new DomainException("stock.reserved_negative", "More units released than were reserved.");
            }
            if (quantity - reserved < 0)
            {
                throw new DomainException("stock.unavailable",
                    $"Only {Math.Max(0, level.Quantity - level.Reserved)} unit(s) are available: the others are reserved for exchanges.");
            }
        }
        var movements = new List<StockMovement>(changes.Count);
        foreach (var change in changes)
        {
            // A change may carry its own time (the demo seed replays history); otherwise it happens now.
            var when = change.At ?? at;
            var level = levelOf(change.Level);
            level.Apply(change.Quantity, change.Reserved, when);
            movements.Add(new StockMovement(change, level, when));
        }
        return movements;
    }
}

/// <summary>The changes each kind of event makes; keys make each of them happen once.</summary>
public static class StockChanges
{
    public static string DispositionKey(int returnLineId) => $"disp:{returnLineId}";

    /// <summary>
    /// A decided line's disposition: Restock → Sellable, OpenBox → OpenBox, Refurbish → Refurbish; Recycle, Destroy
    /// and ReturnToVendor enter Quarantine and are written off at once with their cost; ReturnToCustomer moves nothing.
    /// </summary>
    public static IReadOnlyList<StockChange> ForDisposition(
        BackOffice.Disposition disposition, int returnLineId, int variantId, int warehouseId, int quantity, Money? unitCost, string actor)
    {
        if (quantity <= 0)
        {
            return [];
        }
        var key = DispositionKey(returnLineId);
        StockChange Into(StockBucket bucket) => new(variantId, warehouseId, bucket, quantity, 0, StockCause.ReturnDisposition, key, actor, returnLineId);
        return disposition switch
        {
            BackOffice.Disposition.Restock => [Into(StockBucket.Sellable)],
            BackOffice.Disposition.OpenBox => [Into(StockBucket.OpenBox)],
            BackOffice.Disposition.Refurbish => [Into(StockBucket.Refurbish)],
            BackOffice.Disposition.Recycle or BackOffice.Disposition.Destroy or BackOffice.Disposition.ReturnToVendor =>
            [
                Into(StockBucket.Quarantine),
                new(variantId, warehouseId, StockBucket.Quarantine, -quantity, 0, StockCause.WriteOff, key + ":out", actor, returnLineId,
                    disposition.ToString(), unitCost),
            ],
            _ => [],
        };
    }

    /// <summary>
    /// Holds units for an exchange line of a return being created: its line has no id yet, so the key is the RMA and
    /// the line's position in the return.
    /// </summary>
    public static StockChange Reserve(string rma, int position, Returns.ReturnLine line, int warehouseId, string actor)
    {
        ArgumentNullException.ThrowIfNull(line);
        var variantId = line.ExchangeVariantId ?? throw new ArgumentException("Not an exchange line.", nameof(line));
        return new(variantId, warehouseId, StockBucket.Sellable, 0, line.Quantity, StockCause.ExchangeReservation,
            $"resv:{rma}:{position}", actor, Line: line);
    }

    /// <summary>The release of a reservation: its units are no longer reserved at its warehouse.</summary>
    public static StockChange Release(StockReservation reservation, string actor)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        return new(reservation.VariantId, reservation.WarehouseId, StockBucket.Sellable, 0, -reservation.Quantity, StockCause.ExchangeRelease,
            $"rel:{reservation.ReturnLineId}", actor, reservation.ReturnLineId);
    }

    /// <summary>The replacement leaves its warehouse: off the shelf and off the reserved units.</summary>
    public static StockChange Ship(StockReservation reservation, string actor)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        return new(reservation.VariantId, reservation.WarehouseId, StockBucket.Sellable, -reservation.Quantity, -reservation.Quantity,
            StockCause.ExchangeShipment, $"ship:{reservation.ReturnLineId}", actor, reservation.ReturnLineId);
    }

    public static StockChange Adjust(int variantId, int warehouseId, StockBucket bucket, int quantity, string reason, string actor, string key) =>
        new(variantId, warehouseId, bucket, quantity, 0, StockCause.ManualAdjustment, key, actor, Note: reason);

    public static StockChange Import(int variantId, int warehouseId, StockBucket bucket, int quantity, string actor, string key) =>
        new(variantId, warehouseId, bucket, quantity, 0, StockCause.Import, key, actor);

    /// <summary>Repaired units leave Refurbish for Sellable or OpenBox.</summary>
    public static IReadOnlyList<StockChange> TransferFromRefurbish(int variantId, int warehouseId, StockBucket to, int quantity, string actor, string key)
    {
        if (to is not (StockBucket.Sellable or StockBucket.OpenBox))
        {
            throw new DomainException("stock.transfer_target", "Repaired units go to Sellable or OpenBox.");
        }
        if (quantity <= 0)
        {
            throw new DomainException("stock.transfer_quantity", "Transfer at least one unit.");
        }
        return
        [
            new(variantId, warehouseId, StockBucket.Refurbish, -quantity, 0, StockCause.RefurbishTransfer, key + ":out", actor),
            new(variantId, warehouseId, to, quantity, 0, StockCause.RefurbishTransfer, key + ":in", actor),
        ];
    }
}

/// <summary>
/// Posts changes to the database ledger in the caller's unit of work: the level rows (concurrency token
/// <see cref="StockLevel.Version"/>) and the movements (unique key) are added or modified together, each movement
/// recording <see cref="StockMoved"/> (one stock.changed message, ADR 0098), so one SaveChanges commits all or nothing. A second instance that read
/// the same level fails on the token; a change whose key is already posted is skipped (a retry).
/// </summary>
public sealed class StockLedger(ReturnsDbContext db)
{
    public async Task<IReadOnlyList<StockMovement>> PostAsync(IReadOnlyList<StockChange> changes, DateTime at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return [];
        }
        var keys = changes.Select(c => c.Key).ToList();
        var posted = await db.StockMovements.Where(m => keys.Contains(m.IdempotencyKey)).Select(m => m.IdempotencyKey).ToListAsync(ct);
        var fresh = Fresh(changes, posted);
        if (fresh.Count == 0)
        {
            return [];
        }
        var variantIds = fresh.Select(c => c.VariantId).Distinct().ToList();
        var stored = await db.StockLevels.Where(l => variantIds.Contains(l.VariantId)).ToListAsync(ct);
        var skus = await db.Variants.Where(v => variantIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, v => v.Sku, ct);
        var warehouseIds = fresh.Select(c => c.WarehouseId).Distinct().ToList();
        var warehouses = await db.Warehouses.Where(w => warehouseIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, w => w.Code, ct);
        return Record(fresh, stored, skus, warehouses, at);
    }

    /// <summary>
    /// A counted correction by a manager (unsaved): <paramref name="quantity"/> units in or out of a bucket, with the
    /// reason kept on the movement. <paramref name="key"/> comes from the form, so a double submit adjusts once.
    /// </summary>
    public async Task<IReadOnlyList<StockMovement>> AdjustAsync(
        string sku, int warehouseId, StockBucket bucket, int quantity, string reason, string actor, string key, DateTime at, CancellationToken ct)
    {
        if (quantity == 0)
        {
            throw new DomainException("stock.adjust_zero", "An adjustment moves at least one unit.");
        }
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > StockMovement.NoteLength)
        {
            throw new DomainException("stock.adjust_reason", "Say why the stock is adjusted.");
        }
        var variantId = await VariantIdAsync(sku, ct);
        return await PostAsync([StockChanges.Adjust(variantId, warehouseId, bucket, quantity, reason.Trim(), actor, $"adj:{key}")], at, ct);
    }

    /// <summary>Repaired units (unsaved) from Refurbish to Sellable or OpenBox; <paramref name="key"/> makes a double submit move once.</summary>
    public async Task<IReadOnlyList<StockMovement>> TransferFromRefurbishAsync(
        string sku, int warehouseId, StockBucket to, int quantity, string actor, string key, DateTime at, CancellationToken ct)
    {
        var variantId = await VariantIdAsync(sku, ct);
        return await PostAsync(StockChanges.TransferFromRefurbish(variantId, warehouseId, to, quantity, actor, $"tr:{key}"), at, ct);
    }

    /// <summary>
    /// Saves the adjustment or transfer drawn with a form token. True when it is in the ledger: saved now, or by an
    /// earlier submit of the same form (a double click hits the unique key, and that is a success). False when a
    /// colleague changed the level first: nothing was saved, the caller shows the conflict.
    /// </summary>
    public async Task<bool> SaveFormAsync(string token, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return await db.StockMovements.AnyAsync(m => m.IdempotencyKey == $"adj:{token}" || m.IdempotencyKey == $"tr:{token}:out", ct);
        }
    }

    private async Task<int> VariantIdAsync(string sku, CancellationToken ct) =>
        await db.Variants.Where(v => v.Sku == sku).Select(v => (int?)v.Id).SingleOrDefaultAsync(ct)
            ?? throw new DomainException("stock.unknown", $"Unknown SKU {sku}.");

    /// <summary>The changes not posted yet, neither in the database nor earlier in this unit of work.</summary>
    private List<StockChange> Fresh(IReadOnlyList<StockChange> changes, List<string> posted)
    {
        var pending = db.ChangeTracker.Entries<StockMovement>().Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity.IdempotencyKey).ToHashSet(StringComparer.Ordinal);
        pending.UnionWith(posted);
        return [.. changes.Where(c => !pending.Contains(c.Key))];
    }

    private IReadOnlyList<StockMovement> Record(
        List<StockChange> changes, List<StockLevel> stored, Dictionary<int, string> skus, Dictionary<int, string> warehouses, DateTime at)
    {
        foreach (var change in changes)
        {
            if (!skus.ContainsKey(change.VariantId) || !warehouses.ContainsKey(change.WarehouseId))
            {
                throw new DomainException("stock.unknown", "Unknown SKU or warehouse.");
            }
        }
        // Levels already tracked (an earlier post in this unit of work) win over the rows just read.
        var levels = db.ChangeTracker.Entries<StockLevel>().Select(e => e.Entity).Concat(stored)
            .GroupBy(l => new StockKey(l.VariantId, l.WarehouseId, l.Bucket)).ToDictionary(g => g.Key, g => g.First());
        StockLevel LevelOf(StockKey key)
        {
            if (!levels.TryGetValue(key, out var level))
            {
                level = new StockLevel(key.VariantId, key.WarehouseId, key.Bucket);
                levels[key] = level;
            }
            return level;
        }
        var movements = StockPosting.Post(LevelOf, changes, at);
        foreach (var level in levels.Values.Where(l => l.Id == 0 && db.Entry(l).State == EntityState.Detached))
        {
            db.StockLevels.Add(level);
        }
        db.StockMovements.AddRange(movements);
        foreach (var movement in movements)
        {
            movement.Posted(skus[movement.VariantId], warehouses[movement.WarehouseId], at);
        }
        return movements;
    }
}
