using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Analytics;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Logistics;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Analytics;

public sealed class SerialReturnersTests_Sqlite(SqliteTestDatabase db) : SerialReturnersTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class SerialReturnersTests_Postgres(PostgresTestDatabase db) : SerialReturnersTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>The serial-returner rule (ADR 0042) on stored orders and returns, and the flag it puts on new returns.</summary>
public abstract class SerialReturnersTests(TestDatabase database)
{
    private readonly FakeClock clock = new();

    [Theory]
    [InlineData(5, 5, 10, true)] // 5 returns, 50 %
    [InlineData(4, 4, 4, false)] // 100 % but only 4 returns
    [InlineData(6, 3, 10, false)] // 6 returns but 30 %
    [InlineData(5, 5, 0, false)] // nothing bought in the window
    public void The_rule_needs_both_enough_returns_and_a_high_rate(int returns, long returned, long bought, bool serial) =>
        SerialReturners.IsSerial(returns, returned, bought).ShouldBe(serial);

    /// <summary>
    /// <paramref name="orders"/> orders of one unit each over the last months, the first <paramref name="returned"/> of them
    /// returned (the first <paramref name="cancelled"/> of those cancelled), plus the graph's own order of 2 units.
    /// </summary>
    private async Task<ReturnGraph> CustomerAsync(int orders, int returned, int cancelled = 0)
    {
        await using var db = database.CreateContext(clock);
        var graph = await TestData.InsertReturnGraphAsync(db, clock);
        var policy = await db.Policies.SingleAsync(p => p.Id == graph.Policy.Id);
        for (var i = 0; i < orders; i++)
        {
            var placed = clock.GetUtcNow().UtcDateTime.AddDays(-200 + (i * 10));
            var order = new Order
            {
                Number = $"{graph.Order.Number}-{i}",
                Email = graph.Order.Email,
                CustomerName = "Camille Martin",
                Postcode = "69003",
                PlacedAt = placed,
                DeliveredAt = placed.AddDays(2),
            };
            var line = new OrderLine { VariantId = graph.Variant.Id, Quantity = 1, UnitPricePaid = Money.Eur(TestData.UnitPrice) };
            order.Lines.Add(line);
            db.Add(order);
            await db.SaveChangesAsync();
            if (i < returned)
            {
                var request = ReturnRequest.Create(RmaNumber.Generate(), order, policy, [new ReturnLine(line.Id, 1, graph.Reason.Id, null)],
                    Resolution.Refund, ReturnMethod.InStore, null, graph.WarehouseId, "fr", "customer", placed.AddDays(4));
                if (i < cancelled)
                {
                    request.Cancel("customer", placed.AddDays(5));
                }
                db.Add(request);
                await db.SaveChangesAsync();
            }
        }
        return graph;
    }

    [Fact]
    public async Task The_report_lists_the_serial_returner_with_rate_count_and_value_and_not_the_others()
    {
        var serial = await CustomerAsync(orders: 6, returned: 5); // 5 returns, 5 of 8 units
        var frequent = await CustomerAsync(orders: 12, returned: 5); // 5 returns, 5 of 14 units: 36 %
        var withdrawn = await CustomerAsync(orders: 6, returned: 6, cancelled: 2); // 4 counted returns

        await using var db = database.CreateContext(clock);
        var report = await new SerialReturners(db).ReportAsync(clock.GetUtcNow().UtcDateTime, CancellationToken.None);

        var listed = report.SerialReturners.Where(r => r.Email == serial.Order.Email || r.Email == frequent.Order.Email || r.Email == withdrawn.Order.Email).ShouldHaveSingleItem();
        listed.Email.ShouldBe(serial.Order.Email);
        (listed.Returns, listed.UnitsReturned, listed.UnitsBought, listed.ValueReturned).ShouldBe((5, 5L, 8L, 5 * TestData.UnitPrice));
        listed.Rate!.Value.ShouldBe(5.0 / 8, 1e-9);
        report.Distribution.Sum(b => b.Customers).ShouldBe(report.Buyers);
        report.Distribution.Single(b => b.From == 0.5 && b.To == 0.75).Customers.ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task A_new_return_of_a_serial_returner_is_flagged_and_one_of_another_customer_is_not()
    {
        var serial = await CustomerAsync(orders: 6, returned: 5);
        var normal = await CustomerAsync(orders: 6, returned: 1);

        foreach (var (graph, flagged) in new[] { (serial, true), (normal, false) })
        {
            await using var db = database.CreateContext(clock);
            var starter = new ReturnStarter(db, new ReturnEligibility(db, clock), new StockReservations(db, new StockLedger(db), clock), new WarehouseRouting(db), clock);
            var result = await starter.StartAsync(new StartReturnCommand(
                graph.Order.Id, [new StartLine(graph.OrderLine.Id, 1, graph.Reason.Id, null, null, [])],
                Resolution.Refund, ReturnMethod.InStore, null, null, "fr", Guid.NewGuid().ToString("N")), "customer", CancellationToken.None);
            result.Errors.ShouldBeEmpty();
            (await db.Returns.AsNoTracking().SingleAsync(r => r.Rma == result.Rma)).IsFlagged.ShouldBe(flagged);
        }
    }
}
