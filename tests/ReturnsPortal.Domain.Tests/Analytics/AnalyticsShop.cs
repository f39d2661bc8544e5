using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Logistics;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Analytics;

/// <summary>
/// Builds a tiny hand-counted shop in one context: every code carries a unique key so that tests sharing a database
/// do not collide; each test also uses its own period.
/// </summary>
public sealed class AnalyticsShop(ReturnsDbContext db, FakeClock clock)
{
    private readonly string key = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    private ReturnPolicy? policy;
    private DropOffPoint? dropOff;
    private int orders;

    public string Key => key;

    /// <summary>The policy's drop-off label fee (minor units), set before the first return; none by default.</summary>
    public long? DropOffLabelFee { get; set; }

    public async Task<Category> CategoryAsync(string name)
    {
        var category = new Category { Code = $"{name}-{key}", NameFr = name, NameEn = name };
        db.Add(category);
        await db.SaveChangesAsync();
        return category;
    }

    public async Task<ProductVariant> ProductAsync(Category category, string name, long price, long? unitCost = null)
    {
        var product = new Product { Code = $"{name}-{key}", Name = name, Category = category, UnitCostMinor = unitCost };
        var variant = new ProductVariant { Sku = $"{name}-{key}-1", Price = Money.Eur(price) };
        product.Variants.Add(variant);
        db.Add(product);
        await db.SaveChangesAsync();
        return variant;
    }

    public async Task<ReturnReason> ReasonAsync(string code, int sortOrder = 0)
    {
        var reason = new ReturnReason { Code = $"{code}-{key}", LabelFr = code + " fr", LabelEn = code + " en", SortOrder = sortOrder };
        db.Add(reason);
        await db.SaveChangesAsync();
        return reason;
    }

    public async Task<Order> OrderAsync(DateTime placedAt, params (ProductVariant Variant, int Quantity)[] lines)
    {
        var order = new Order
        {
            Number = $"A-{key}-{++orders}",
            Email = "a@example.fr",
            CustomerName = "A",
            Postcode = "75001",
            PlacedAt = placedAt,
            DeliveredAt = placedAt.AddDays(1),
        };
        foreach (var (variant, quantity) in lines)
        {
            order.Lines.Add(new OrderLine { Variant = variant, Quantity = quantity, UnitPricePaid = variant.Price });
        }
        db.Add(order);
        await db.SaveChangesAsync();
        return order;
    }

    /// <summary>A return of one order line created at <paramref name="at"/> (the audit stamp comes from the clock).</summary>
    public async Task<ReturnRequest> ReturnAsync(
        Order order, ProductVariant variant, int quantity, ReturnReason reason, Resolution resolution, DateTime at,
        Action<ReturnRequest>? then = null)
    {
        if (policy is null)
        {
            policy = new ReturnPolicy { Name = $"P-{key}", ApprovalThresholds = { new() { Currency = Money.Euro, FourEyesMinor = 1_000_000, WriteOffMinor = 1_000_000 } } };
            if (DropOffLabelFee is { } fee)
            {
                policy.MethodFees.Add(new PolicyMethodFee { Method = ReturnMethod.DropOff, Fee = Money.Eur(fee) });
            }
        }
        dropOff ??= new DropOffPoint
        {
            Code = $"DP-{key}",
            Name = "Relais",
            Carrier = "Relais",
            Address = new PostalAddress { Line1 = "1 rue", Postcode = "75001", City = "Paris" },
            OpeningHours = "9h-19h",
        };
        if (db.Entry(dropOff).State == Microsoft.EntityFrameworkCore.EntityState.Detached)
        {
            db.AddRange(policy, dropOff);
            await db.SaveChangesAsync();
        }
        var line = order.Lines.Single(l => l.VariantId == variant.Id);
        var request = ReturnRequest.Create(
            RmaNumber.Generate(), order, policy, [new ReturnLine(line.Id, quantity, reason.Id, null)], resolution,
            ReturnMethod.DropOff, dropOff.Id, await WarehouseIdAsync(), "fr", "customer", at);
        then?.Invoke(request);
        clock.UtcNow = at;
        db.Add(request);
        await db.SaveChangesAsync();
        return request;
    }

    /// <summary>The warehouse returns go to (the first one), created when the database has none.</summary>
    public async Task<int> WarehouseIdAsync()
    {
        if (!await db.Warehouses.AnyAsync())
        {
            db.Warehouses.Add(new Warehouse { Code = $"W-{key}", Name = "Entrepôt", Address = new PostalAddress { Line1 = "1 quai", Postcode = "69800", City = "Saint-Priest" } });
            await db.SaveChangesAsync();
        }
        return await StockDispositions.ReturnsWarehouseIdAsync(db, default);
    }

    /// <summary>Another warehouse than the default one (a later Id), for routed returns (ADR 0083, 0087).</summary>
    public async Task<int> OtherWarehouseAsync(string name = "Lille")
    {
        await WarehouseIdAsync();
        var warehouse = new Warehouse { Code = $"W-{name}-{key}", Name = name, Address = new PostalAddress { Line1 = "2 rue", Postcode = "59000", City = name } };
        db.Warehouses.Add(warehouse);
        await db.SaveChangesAsync();
        return warehouse.Id;
    }

    /// <summary>
    /// Takes an approved return through receipt, a grade-A inspection and an accepted decision with this disposition,
    /// posts its stock (a write-off for Recycle, Destroy, ReturnToVendor) and, when asked, its settlement.
    /// </summary>
    public async Task<ReturnRequest> ResolveAsync(int returnId, Disposition disposition, DateTime at, bool settle)
    {
        await WarehouseIdAsync();
        var request = await db.Returns.ForWarehouse().SingleAsync(r => r.Id == returnId);
        clock.UtcNow = at;
        request.Receive([.. request.Lines.Select(l => new LineReceipt(l.Id, ReceiptOutcome.Received, l.Quantity))], "inspector", at);
        foreach (var line in request.Lines)
        {
            request.InspectLine(new LineInspection(line.Id, ItemGrade.A, [], SerialCheck.NotApplicable, null), "inspector", at);
        }
        request.Decide([.. request.Lines.Select(l => new LineDecisionInput(l.Id, LineVerdict.Accept, disposition, null))], "agent", at);
        // This shop builds the consequences itself (stock now, the settlement only when asked and an hour later), so the
        // save must not settle it on ReturnResolved (ADR 0098).
        request.ClearDomainEvents();
        await new StockDispositions(db, new StockLedger(db)).ApplyIfResolvedAsync(request, "agent", at, default);
        await db.SaveChangesAsync();
        if (settle)
        {
            db.Add(SettledFor.Return(request, "agent", at.AddHours(1)));
            await db.SaveChangesAsync();
        }
        return request;
    }
}
