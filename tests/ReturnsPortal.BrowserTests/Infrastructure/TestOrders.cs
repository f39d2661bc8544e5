using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Persistence;

namespace ReturnsPortal.BrowserTests.Infrastructure;

/// <summary>
/// Orders a journey inserts for itself, so the shared demo orders keep their quantities for other journeys. Their numbers
/// start with "TEST-", which <see cref="SeededData.RecentOrderAsync"/> leaves out.
/// </summary>
public static class TestOrders
{
    public const string Prefix = "TEST-";

    /// <summary>The order as a journey types it in (number and email), and its ids for a return made through the domain.</summary>
    public sealed record TestOrder(int Id, string Number, string Email, int LineId)
    {
        public void Deconstruct(out string number, out string email)
        {
            number = Number;
            email = Email;
        }
    }

    /// <summary>
    /// A one-line order of <paramref name="quantity"/> × <paramref name="sku"/>, placed three days and shipped two days before
    /// it was delivered <paramref name="deliveredDaysAgo"/> days ago. Its number is <paramref name="numberPrefix"/> and a
    /// random key; its email is <paramref name="emailPrefix"/>-key@example.fr.
    /// </summary>
    public static async Task<TestOrder> NewDeliveredOrderAsync(
        this BrowserPortal portal, string sku, int quantity, long unitPriceCents, string customerName, string postcode,
        string emailPrefix, int deliveredDaysAgo = 3, string numberPrefix = Prefix)
    {
        ArgumentNullException.ThrowIfNull(portal);
        if (!numberPrefix.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Test order numbers start with {Prefix}.", nameof(numberPrefix));
        }

        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var key = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var variant = await db.Variants.SingleAsync(v => v.Sku == sku);
        var now = DateTime.UtcNow;
        var order = new Order
        {
            Number = numberPrefix + key,
            Email = $"{emailPrefix}-{key.ToLowerInvariant()}@example.fr",
            CustomerName = customerName,
            Postcode = postcode,
            PlacedAt = now.AddDays(-deliveredDaysAgo - 3),
            ShippedAt = now.AddDays(-deliveredDaysAgo - 2),
            DeliveredAt = now.AddDays(-deliveredDaysAgo),
        };
        order.Lines.Add(new OrderLine { VariantId = variant.Id, Quantity = quantity, UnitPricePaid = Money.Eur(unitPriceCents) });
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return new TestOrder(order.Id, order.Number, order.Email, order.Lines[0].Id);
    }
}
