using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Logistics;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Logistics;

public sealed class RoutingPersistenceTests_Sqlite(SqliteTestDatabase db) : RoutingPersistenceTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class RoutingPersistenceTests_Postgres(PostgresTestDatabase db) : RoutingPersistenceTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>Routing saved: a new return records its routed warehouse, and its stock moves there at resolution (ADR 0083).</summary>
public abstract class RoutingPersistenceTests(TestDatabase database)
{
    private const string Inspector = "inspector@shop.fr";
    private readonly FakeClock clock = new();

    private DateTime Now => clock.UtcDateTime;

    private ReturnStarter Starter(ReturnsDbContext db) =>
        new(db, new ReturnEligibility(db, clock), new StockReservations(db, new StockLedger(db), clock), new WarehouseRouting(db), clock);

    /// <summary>A return graph and a warehouse of its own (the database's first warehouse stays the default).</summary>
    private async Task<(ReturnGraph Graph, int DefaultId, int OtherId)> ArrangeAsync()
    {
        await using var db = database.CreateContext(clock);
        var graph = await TestData.InsertReturnGraphAsync(db, clock);
        if (!await db.Warehouses.AnyAsync())
        {
            db.Warehouses.Add(Warehouse("LYS", "Saint-Priest"));
        }
        var other = Warehouse("W" + graph.Variant.Sku[^8..], "Saran");
        db.Warehouses.Add(other);
        await db.SaveChangesAsync();
        return (graph, await WarehouseRouting.DefaultWarehouseIdAsync(db, default), other.Id);
    }

    private static Warehouse Warehouse(string code, string city) =>
        new() { Code = code, Name = "Entrepôt " + city, Address = new PostalAddress { Line1 = "1 quai", Postcode = "45770", City = city } };

    private async Task AddRuleAsync(RoutingRuleSpec spec)
    {
        await using var db = database.CreateContext(clock);
        var book = new RoutingRuleBook(db);
        (await book.ProblemsAsync(spec, null, default)).ShouldBeEmpty();
        await book.AddAsync(spec, default);
        await db.SaveChangesAsync();
    }

    private async Task<ReturnRequest> StartAsync(ReturnGraph graph)
    {
        await using (var db = database.CreateContext(clock))
        {
            var result = await Starter(db).StartAsync(new StartReturnCommand(graph.Order.Id,
                [new StartLine(graph.OrderLine.Id, 1, graph.Reason.Id, null, null, [])],
                Resolution.Refund, ReturnMethod.InStore, null, null, "fr", Guid.NewGuid().ToString("N")), "customer", default);
            result.Succeeded.ShouldBeTrue(string.Join(", ", result.Errors.Select(e => e.Code)));
        }
        await using var check = database.CreateContext(clock);
        return await check.Returns.AsNoTracking().SingleAsync(r => r.OrderId == graph.Order.Id);
    }

    [Fact]
    public async Task A_new_return_goes_to_the_warehouse_of_the_category_rule_of_its_line()
    {
        var (graph, _, otherId) = await ArrangeAsync();
        await AddRuleAsync(new RoutingRuleSpec(RoutingCondition.Category, graph.Category.Id, null, otherId));

        (await StartAsync(graph)).WarehouseId.ShouldBe(otherId);
    }

    [Fact]
    public async Task A_new_return_goes_to_the_warehouse_of_the_region_rule_of_its_customer()
    {
        var (graph, _, otherId) = await ArrangeAsync();
        await using (var db = database.CreateContext(clock))
        {
            var order = await db.Orders.SingleAsync(o => o.Id == graph.Order.Id);
            order.Postcode = "97411";
            await db.SaveChangesAsync();
        }
        await AddRuleAsync(new RoutingRuleSpec(RoutingCondition.Postcode, null, "974", otherId));

        (await StartAsync(graph)).WarehouseId.ShouldBe(otherId);
    }

    [Fact]
    public async Task A_new_return_no_rule_matches_goes_to_the_default_warehouse()
    {
        var (graph, defaultId, _) = await ArrangeAsync();

        (await StartAsync(graph)).WarehouseId.ShouldBe(defaultId);
    }

    [Fact]
    public async Task The_rule_book_refuses_an_unknown_warehouse_or_category_and_a_second_rule_with_the_same_condition()
    {
        var (graph, _, otherId) = await ArrangeAsync();
        await using var db = database.CreateContext(clock);
        var book = new RoutingRuleBook(db);

        (await book.ProblemsAsync(new RoutingRuleSpec(RoutingCondition.Category, graph.Category.Id, null, 999_999), null, default))
            .ShouldBe([new RoutingProblem("routing.warehouse_unknown", RoutingRuleBook.WarehouseField)]);
        (await book.ProblemsAsync(new RoutingRuleSpec(RoutingCondition.Category, 999_999, null, otherId), null, default))
            .ShouldBe([new RoutingProblem("routing.category_unknown", RoutingRuleBook.CategoryField)]);

        var spec = new RoutingRuleSpec(RoutingCondition.Country, null, "lu", otherId);
        var rule = await book.AddAsync(spec, default);
        await db.SaveChangesAsync();
        (await book.ProblemsAsync(spec with { Value = " LU" }, null, default))
            .ShouldBe([new RoutingProblem("routing.duplicate", RoutingRuleBook.ValueField)]);
        (await book.ProblemsAsync(spec, rule.Id, default)).ShouldBeEmpty("editing a rule does not collide with itself");

        // A retired rule leaves its condition free; it cannot come back while another rule holds it.
        rule.Retire();
        await db.SaveChangesAsync();
        var second = await book.AddAsync(spec, default);
        await db.SaveChangesAsync();
        (await Should.ThrowAsync<Common.DomainException>(() => book.ReactivateAsync(rule, default))).Code.ShouldBe("routing.duplicate");
        second.Retire();
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Moving_a_rule_up_swaps_its_priority_with_the_rule_before_it_in_its_group()
    {
        var (_, defaultId, otherId) = await ArrangeAsync();
        await using var db = database.CreateContext(clock);
        var book = new RoutingRuleBook(db);
        var first = await book.AddAsync(new RoutingRuleSpec(RoutingCondition.Postcode, null, "971", otherId), default);
        await db.SaveChangesAsync();
        var second = await book.AddAsync(new RoutingRuleSpec(RoutingCondition.Postcode, null, "972", defaultId), default);
        await db.SaveChangesAsync();
        var (p1, p2) = (first.Priority, second.Priority);

        (await book.MoveAsync(second, up: true, default)).ShouldBeTrue();
        await db.SaveChangesAsync();

        (first.Priority, second.Priority).ShouldBe((p2, p1));
        first.Version.ShouldBe(1);
        second.Version.ShouldBe(1);
    }

    [Fact]
    public async Task A_resolved_return_moves_its_stock_in_its_routed_warehouse()
    {
        var (graph, defaultId, otherId) = await ArrangeAsync();
        await using (var db = database.CreateContext(clock))
        {
            var product = await db.Products.SingleAsync(p => p.Id == graph.Product.Id);
            product.UnitCostMinor = 1500;
            await db.SaveChangesAsync();
        }
        var rma = RmaNumber.Generate();
        await using (var db = database.CreateContext(clock))
        {
            var request = await graph.NewReturnAsync(db, "customer", Now, rma);
            request.Approve("agent", Now);
            request.RouteTo(otherId);
            db.Returns.Add(request);
            await db.SaveChangesAsync();
        }
        await using (var db = database.CreateContext(clock, Inspector))
        {
            var request = await db.Returns.ForWarehouse().SingleAsync(r => r.Rma == rma);
            var id = request.Lines.Single().Id;
            request.Receive([new LineReceipt(id, ReceiptOutcome.Received, 1)], Inspector, Now);
            request.InspectLine(new LineInspection(id, ItemGrade.A, [], SerialCheck.NotApplicable, null), Inspector, Now);
            request.Decide([new LineDecisionInput(id, LineVerdict.Accept, Disposition.Restock, null)], Inspector, Now);
            Should.Throw<Common.DomainException>(() => request.RouteTo(defaultId)).Code.ShouldBe("return.route_too_late");
            await new StockDispositions(db, new StockLedger(db)).ApplyIfResolvedAsync(request, Inspector, Now, default);
            await db.SaveChangesAsync();
        }

        await using var check = database.CreateContext(clock);
        var movements = await check.StockMovements.AsNoTracking().Where(m => m.VariantId == graph.Variant.Id).ToListAsync();
        movements.ShouldNotBeEmpty();
        movements.ShouldAllBe(m => m.WarehouseId == otherId);
        (await check.StockLevels.AsNoTracking().SingleAsync(l => l.VariantId == graph.Variant.Id && l.Bucket == StockBucket.Sellable))
            .WarehouseId.ShouldBe(otherId);
    }
}
