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

    /// <summary>One line of a test order: which variant (null: the next returnable one), how many, at what price.</summary>
    public sealed record Line(int Quantity = 1, long? UnitPriceMinor = null, string? Sku = null);

    /// <summary>An order made for one test: what its customer types to find it, and how many lines it has.</summary>
    public sealed record TestOrder(int Id, string Number, string Email, int LineCount);

    /// <summary>An order delivered <paramref name="deliveredDaysAgo"/> days ago with the given lines (one item by default).</summary>
    public static async Task<string> OrderAsync(PortalFactory factory, int deliveredDaysAgo = 3, params Line[] lines) =>
        (await NewOrderAsync(factory, deliveredDaysAgo, lines)).Number;

    /// <summary>As <see cref="OrderAsync"/>, with the order's id and e-mail (for the customer's forms) and its line count.</summary>
    public static Task<TestOrder> NewOrderAsync(PortalFactory factory, int deliveredDaysAgo = 3, params Line[] lines) =>
        Scoped(factory, async (db, now) =>
        {
            var order = await InsertOrderAsync(db, now, deliveredDaysAgo, lines);
            return new TestOrder(order.Id, order.Number, order.Email, order.Lines.Count);
        });

    /// <summary>
    /// A drop-off return of a new order of <paramref name="lines"/> lines (see <see cref="OrderAsync"/>), returned in full and
    /// brought to <paramref name="status"/> the way the warehouse would: Approved, InTransit (with
    /// <paramref name="tracking"/> as the carrier's number, if given), Received (every line received), Inspected
    /// (graded A), Resolved (accepted and restocked: refunded) or Closed. Made under the policy version in force, or
    /// under <paramref name="policyId"/> (a test class that publishes versions keeps its other returns on one). The order
    /// is in <paramref name="currency"/> (its lines at <paramref name="unitPriceMinor"/>, or the variant's price amount).
    /// </summary>
    public static Task<TestReturn> ReturnAsync(
        PortalFactory factory, ReturnStatus status, Resolution resolution = Resolution.Refund, long? unitPriceMinor = null, int quantity = 1,
        int deliveredDaysAgo = 3, string? tracking = null, int lines = 1, int? policyId = null, string currency = Money.Euro) =>
        Scoped(factory, async (db, now) =>
        {
            // As in the portal: the customer starts it (approved at once), the carrier's event puts it in transit, the
            // warehouse does the rest.
            const string Customer = "customer";
            const string Actor = "warehouse@example.fr";
            var order = await InsertOrderAsync(db, now, deliveredDaysAgo, [.. Enumerable.Repeat(new Line(quantity, unitPriceMinor), lines)], currency);
            var policy = policyId is { } id ? await db.Policies.WithTerms().SingleAsync(p => p.Id == id) : await db.Policies.WithTerms().InForce().FirstAsync();
            var reason = await db.Reasons.Where(r => r.IsActive).OrderBy(r => r.Id).FirstAsync();
            var dropOff = await db.DropOffPoints.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
            var warehouse = await db.Warehouses.OrderBy(w => w.Id).Select(w => w.Id).FirstAsync();
            var request = ReturnRequest.Create(
                RmaNumber.Generate(), order, policy,
                [.. order.Lines.Select(l => new ReturnLine(l.Id, l.Quantity, reason.Id, "Retour de test"))],
                resolution, ReturnMethod.DropOff, dropOff, warehouse, "fr", Customer, now);
            if (status != ReturnStatus.Requested)
            {
                request.Approve(Customer, now);
            }
            if (status is ReturnStatus.InTransit or ReturnStatus.Received or ReturnStatus.Inspected or ReturnStatus.Resolved or ReturnStatus.Closed)
            {
                request.MarkInTransit(tracking, SystemActor.Name, now);
            }
            db.Returns.Add(request);
            await db.SaveChangesAsync();
            var afterReceipt = status is ReturnStatus.Received or ReturnStatus.Inspected or ReturnStatus.Resolved or ReturnStatus.Closed;
            if (afterReceipt)
            {
                // Line ids exist once saved.
                request.Receive([.. request.Lines.Select(l => new LineReceipt(l.Id, ReceiptOutcome.Received, l.Quantity))], Actor, now);
            }
            if (afterReceipt && status != ReturnStatus.Received)
            {
                foreach (var line in request.Lines)
                {
                    request.InspectLine(new LineInspection(line.Id, ItemGrade.A, [], SerialCheck.NotApplicable, null), Actor, now);
                }
            }
            if (status is ReturnStatus.Resolved or ReturnStatus.Closed)
            {
                request.Decide([.. request.Lines.Select(l => new LineDecisionInput(l.Id, LineVerdict.Accept, Disposition.Restock, null))], Actor, now);
            }
            if (status == ReturnStatus.Closed)
            {
                // Saved while Resolved: the settlement and stock movements are that save's consequences (ADR 0098).
                await db.SaveChangesAsync();
                request.Close(Actor, now);
            }
            await db.SaveChangesAsync();
            request.Status.ShouldBe(status, "TestReturns brings a return only to Requested, Approved, InTransit, Received, Inspected, Resolved or Closed");
            return new TestReturn(request.Rma, order.Number, order.Email);
        });

    private static async Task<Order> InsertOrderAsync(ReturnsDbContext db, DateTime now, int deliveredDaysAgo, Line[] lines, string currency = Money.Euro)
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
            Currency = currency,
        };
        var unnamed = 0;
        foreach (var line in lines.Length == 0 ? [new Line()] : lines)
        {
            // A line without a SKU takes the next returnable variant of the catalogue: each line its own product.
            var variant = line.Sku == null
                ? await db.Variants.Where(v => v.Product!.NonReturnableReason == null).OrderBy(v => v.Id).Skip(unnamed++).FirstAsync()
                : await db.Variants.Where(v => v.Sku == line.Sku).FirstAsync();
            order.Lines.Add(new OrderLine
            {
                VariantId = variant.Id,
                Quantity = line.Quantity,
                UnitPricePaid = new Money(line.UnitPriceMinor ?? variant.Price.Minor, currency),
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
