using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Web.Tests.Infrastructure;

/// <summary>
/// Orders and returns made for one test, so that a test states the data it needs instead of picking a seeded row by
/// status and Skip (which ties tests of one class together). Codes are unique, so tests sharing a database never
/// collide. Catalogue, policy, reasons, drop-off points and warehouses are the reference/demo ones of the database.
/// </summary>
public static class TestReturns
{
    /// <summary>What a test needs to reach a return made for it: staff pages by RMA, the customer's pages by RMA and e-mail.</summary>
    public sealed record TestReturn(string Rma, string OrderNumber, string Email);

    /// <summary>One line of a test order: which variant (null: the first returnable one), how many, at what price.</summary>
    public sealed record Line(int Quantity = 1, long? UnitPriceMinor = null, string? Sku = null);

    /// <summary>An order delivered <paramref name="deliveredDaysAgo"/> days ago with the given lines (one item by default).</summary>
    public static Task<string> OrderAsync(PortalFactory factory, int deliveredDaysAgo = 3, params Line[] lines) =>
        Scoped(factory, async (db, now) => (await InsertOrderAsync(db, now, deliveredDaysAgo, lines)).Number);

    /// <summary>
    /// A drop-off return of a new order of one line (see <see cref="OrderAsync"/>), returned in full and
    /// brought to <paramref name="status"/> the way the warehouse would: Approved, InTransit, Received (every line
    /// received) or Inspected (graded A).
    /// </summary>
    public static Task<TestReturn> ReturnAsync(
        PortalFactory factory, ReturnStatus status, Resolution resolution = Resolution.Refund, long? unitPriceMinor = null, int quantity = 1,
        int deliveredDaysAgo = 3) =>
        Scoped(factory, async (db, now) =>
        {
            const string Actor = "test";
            var order = await InsertOrderAsync(db, now, deliveredDaysAgo, [new Line(quantity, unitPriceMinor)]);
            var policy = await db.Policies.WithTerms().InForce().FirstAsync();
            var reason = await db.Reasons.Where(r => r.IsActive).OrderBy(r => r.Id).FirstAsync();
            var dropOff = await db.DropOffPoints.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
            var warehouse = await db.Warehouses.OrderBy(w => w.Id).Select(w => w.Id).FirstAsync();
            var request = ReturnRequest.Create(
                RmaNumber.Generate(), order, policy,
                [.. order.Lines.Select(l => new ReturnLine(l.Id, l.Quantity, reason.Id, "Retour de test"))],
                resolution, ReturnMethod.DropOff, dropOff, warehouse, "fr", Actor, now);
            if (status != ReturnStatus.Requested)
            {
                request.Approve(Actor, now);
            }
            if (status is ReturnStatus.InTransit or ReturnStatus.Received or ReturnStatus.Inspected)
            {
                request.MarkInTransit(null, Actor, now);
            }
            db.Returns.Add(request);
            await db.SaveChangesAsync();
            if (status is ReturnStatus.Received or ReturnStatus.Inspected)
            {
                // Line ids exist once saved.
                request.Receive([.. request.Lines.Select(l => new LineReceipt(l.Id, ReceiptOutcome.Received, l.Quantity))], Actor, now);
            }
            if (status == ReturnStatus.Inspected)
            {
                foreach (var line in request.Lines)
                {
                    request.InspectLine(new LineInspection(line.Id, ItemGrade.A, [], SerialCheck.NotApplicable, null), Actor, now);
                }
            }
            await db.SaveChangesAsync();
            request.Status.ShouldBe(status, "TestReturns brings a return only to Requested, Approved, InTransit, Received or Inspected");
            return new TestReturn(request.Rma, order.Number, order.Email);
        });

    private static async Task<Order> InsertOrderAsync(ReturnsDbContext db, DateTime now, int deliveredDaysAgo, Line[] lines)
    {
        var key = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var order = new Order
        {
            Number = $"TEST-{key}",
            Email = $"test-{key.ToLowerInvariant()}@example.fr",
            CustomerName = "Camille Test",
            Postcode = "69003",
            PlacedAt = now.AddDays(-deliveredDaysAgo - 3),
            ShippedAt = now.AddDays(-deliveredDaysAgo - 2),
            DeliveredAt = now.AddDays(-deliveredDaysAgo),
            PaymentMethod = PaymentMethod.Card,
        };
        foreach (var line in lines.Length == 0 ? [new Line()] : lines)
        {
            var variant = await db.Variants
                .Where(v => line.Sku == null ? v.Product!.NonReturnableReason == null : v.Sku == line.Sku)
                .OrderBy(v => v.Id).FirstAsync();
            order.Lines.Add(new OrderLine
            {
                VariantId = variant.Id,
                Quantity = line.Quantity,
                UnitPricePaid = line.UnitPriceMinor is { } minor ? Money.Eur(minor) : variant.Price,
            });
        }
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return order;
    }

    private static Task<T> Scoped<T>(PortalFactory factory, Func<ReturnsDbContext, DateTime, Task<T>> work) =>
        factory.WithScopeAsync(sp => work(
            sp.GetRequiredService<ReturnsDbContext>(), sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime));
}
