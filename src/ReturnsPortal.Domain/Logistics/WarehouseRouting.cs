using ReturnsPortal.Domain.Persistence;

namespace ReturnsPortal.Domain.Logistics;

/// <summary>Loads what routing needs and routes a return being created (used by <see cref="Returns.ReturnStarter"/>).</summary>
public sealed class WarehouseRouting(ReturnsDbContext db)
{
    /// <summary>The warehouse a return goes to when no rule matches: the first.</summary>
    public static async Task<int> DefaultWarehouseIdAsync(ReturnsDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Warehouses.OrderBy(w => w.Id).Select(w => (int?)w.Id).FirstOrDefaultAsync(ct)
            ?? throw new DomainException("stock.no_warehouse", "No warehouse is set up to receive returns.");
    }

    /// <summary>The warehouse a return's parcel goes to (its routed one). Read the address with <c>.Select(...).SingleAsync()</c>.</summary>
    public static IQueryable<Warehouse> ForReturn(ReturnsDbContext db, int warehouseId)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Warehouses.AsNoTracking().Where(w => w.Id == warehouseId);
    }

    /// <summary>
    /// The warehouse for a return of these order lines: the first active rule that matches, else the default one.
    /// Throws <c>stock.no_warehouse</c> while no warehouse is set up (the reference data always adds one).
    /// </summary>
    public async Task<int> RouteAsync(int orderId, IReadOnlyCollection<int> orderLineIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(orderLineIds);
        var fallback = await DefaultWarehouseIdAsync(db, ct);
        var rules = await db.RoutingRules.AsNoTracking().Where(r => r.IsActive).ToListAsync(ct);
        if (rules.Count == 0)
        {
            return fallback;
        }
        var categories = await db.OrderLines.AsNoTracking().Where(l => l.OrderId == orderId && orderLineIds.Contains(l.Id))
            .Select(l => l.Variant!.Product!.CategoryId).Distinct().ToListAsync(ct);
        var customer = await db.Orders.AsNoTracking().Where(o => o.Id == orderId)
            .Select(o => new { o.Postcode, Country = o.Customer == null ? null : o.Customer.Address.Country }).SingleAsync(ct);
        return WarehouseRouter.Pick(rules, categories, customer.Postcode, customer.Country, fallback);
    }
}
