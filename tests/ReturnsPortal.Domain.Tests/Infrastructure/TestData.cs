using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Domain.Logistics;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Tests.Infrastructure;

/// <summary>
/// The minimum graph a return needs, inserted with unique codes so tests sharing a database do not collide.
/// The entities belong to the context that inserted them; use <see cref="ReturnGraph.NewReturnAsync"/> with any other.
/// </summary>
public static class TestData
{
    public const long UnitPrice = 4990;

    /// <summary>
    /// The first warehouse, created when the database has none: every return is routed to one when created (ADR 0083),
    /// and resolving it moves stock there (ADR 0061, 0098), as in the app, where one always exists.
    /// </summary>
    public static async Task<int> EnsureWarehouseAsync(ReturnsDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!await db.Warehouses.AnyAsync())
        {
            db.Warehouses.Add(new Warehouse
            {
                Code = "W-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant(),
                Name = "Entrepôt",
                Address = new PostalAddress { Line1 = "1 quai", Postcode = "69800", City = "Saint-Priest" },
            });
            await db.SaveChangesAsync();
        }
        return await db.Warehouses.OrderBy(w => w.Id).Select(w => w.Id).FirstAsync();
    }

    /// <summary>
    /// A saved return with two lines (1 item each, 49.90 €) in transit; its policy's four-eyes threshold can be set.
    /// </summary>
    public static async Task<string> InsertReturnInTransitAsync(
        TestDatabase database, FakeClock clock, long fourEyesMinor = 50_000, Resolution resolution = Resolution.Refund)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.UtcDateTime;
        await using var db = database.CreateContext(clock);
        var graph = await InsertReturnGraphAsync(db, clock);
        graph.Policy.SetApprovalThreshold(Money.Eur(fourEyesMinor), Money.Eur(fourEyesMinor));
        graph.Policy.StoreCreditBonusPercent = 10;
        var order = await db.Orders.SingleAsync(o => o.Id == graph.Order.Id);
        var request = ReturnRequest.Create(RmaNumber.Generate(), order, graph.Policy,
            [new ReturnLine(graph.OrderLine.Id, 1, graph.Reason.Id, null), new ReturnLine(graph.OrderLine.Id, 1, graph.Reason.Id, "second")],
            resolution, ReturnMethod.DropOff, graph.DropOffPoint.Id, graph.WarehouseId, "fr", "customer", now);
        request.Approve("agent", now);
        request.MarkInTransit("6A0000000001", "customer", now);
        db.Returns.Add(request);
        await db.SaveChangesAsync();
        return request.Rma;
    }

    public static async Task<ReturnGraph> InsertReturnGraphAsync(ReturnsDbContext db, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow().UtcDateTime;
        var key = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var category = new Category { Code = $"CAT-{key}", NameFr = "Chaussures", NameEn = "Shoes" };
        var product = new Product { Code = $"P-{key}", Name = "Basket Lin", Brand = "Atelier", Category = category };
        var variant = new ProductVariant { Sku = $"SKU-{key}", Size = "42", Colour = "Blanc", Price = Money.Eur(UnitPrice) };
        product.Variants.Add(variant);
        var order = new Order
        {
            Number = $"CMD-{key}",
            Email = $"client-{key.ToLowerInvariant()}@example.fr",
            CustomerName = "Camille Martin",
            Postcode = "69003",
            PlacedAt = now.AddDays(-6),
            ShippedAt = now.AddDays(-5),
            DeliveredAt = now.AddDays(-3),
            PaymentMethod = PaymentMethod.Card,
        };
        var line = new OrderLine { Variant = variant, Quantity = 2, UnitPricePaid = Money.Eur(UnitPrice) };
        order.Lines.Add(line);
        var policy = new ReturnPolicy { Name = $"Default {key}", IsDefault = true, ApprovalThresholds = { new() { Currency = Money.Euro, FourEyesMinor = 50_000, WriteOffMinor = 50_000 } } };
        var reason = new ReturnReason { Code = $"TOO-SMALL-{key}", LabelFr = "Trop petit", LabelEn = "Too small" };
        var dropOff = new DropOffPoint
        {
            Code = $"DP-{key}",
            Name = "Tabac de la Gare",
            Carrier = "Relais",
            Address = new PostalAddress { Line1 = "1 place de la Gare", Postcode = "69003", City = "Lyon" },
            Latitude = 45.76,
            Longitude = 4.86,
            OpeningHours = "Lun–Sam 9h–19h",
        };
        db.AddRange(product, order, policy, reason, dropOff);
        await db.SaveChangesAsync();
        return new ReturnGraph(category, product, variant, order, line, policy, reason, dropOff, await EnsureWarehouseAsync(db));
    }
}

public sealed record ReturnGraph(
    Category Category, Product Product, ProductVariant Variant, Order Order, OrderLine OrderLine,
    ReturnPolicy Policy, ReturnReason Reason, DropOffPoint DropOffPoint, int WarehouseId)
{
    /// <summary>A new (unsaved, untracked) drop-off return of one item, with order and policy loaded from <paramref name="db"/>.</summary>
    public async Task<ReturnRequest> NewReturnAsync(
        ReturnsDbContext db, string actor, DateTime at, string? rma = null, int quantity = 1, Resolution resolution = Resolution.Refund)
    {
        ArgumentNullException.ThrowIfNull(db);
        var order = await db.Orders.SingleAsync(o => o.Id == Order.Id);
        var policy = await db.Policies.SingleAsync(p => p.Id == Policy.Id);
        return ReturnRequest.Create(
            rma ?? RmaNumber.Generate(), order, policy, [new ReturnLine(OrderLine.Id, quantity, Reason.Id, "Taille trop juste")],
            resolution, ReturnMethod.DropOff, DropOffPoint.Id, WarehouseId, "fr", actor, at);
    }
}
