using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Customers;
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

    public async Task<Category> CategoryAsync(string name)
    {
        var category = new Category { Code = $"{name}-{key}", NameFr = name, NameEn = name };
        db.Add(category);
        await db.SaveChangesAsync();
        return category;
    }

    public async Task<ProductVariant> ProductAsync(Category category, string name, long price)
    {
        var product = new Product { Code = $"{name}-{key}", Name = name, Category = category };
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
        policy ??= new ReturnPolicy { Name = $"P-{key}", FourEyesThreshold = Money.Eur(1_000_000) };
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
            ReturnMethod.DropOff, dropOff.Id, "fr", "customer", at);
        then?.Invoke(request);
        clock.UtcNow = at;
        db.Add(request);
        await db.SaveChangesAsync();
        return request;
    }
}
