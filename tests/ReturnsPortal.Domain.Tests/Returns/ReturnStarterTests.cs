using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Analytics;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Logistics;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Returns;

public sealed class ReturnStarterTests_Sqlite(SqliteTestDatabase db) : ReturnStarterTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class ReturnStarterTests_Postgres(PostgresTestDatabase db) : ReturnStarterTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>
/// Creating a return through <see cref="ReturnStarter"/>: once per key, approved, with its replacement reserved; and
/// assisted returns, started by an agent through the customer's own rules (ADR 0036, 0037).
/// </summary>
public abstract class ReturnStarterTests(TestDatabase database)
{
    private readonly FakeClock clock = new();

    private ReturnStarter Starter(ReturnsDbContext db) =>
        new(db, new ReturnEligibility(db, clock), new StockReservations(db, new StockLedger(db), clock), new WarehouseRouting(db), clock);

    /// <summary>The graph's order, delivered <paramref name="deliveredDaysAgo"/> days ago.</summary>
    private async Task<ReturnGraph> ArrangeAsync(int deliveredDaysAgo)
    {
        await using var db = database.CreateContext(clock);
        var graph = await TestData.InsertReturnGraphAsync(db, clock);
        // Other tests' graphs are default policies too: this order's eligibility uses the lowest id, 30 days like this one.
        graph.Order.PlacedAt = clock.UtcDateTime.AddDays(-deliveredDaysAgo - 2);
        graph.Order.ShippedAt = clock.UtcDateTime.AddDays(-deliveredDaysAgo - 1);
        graph.Order.DeliveredAt = clock.UtcDateTime.AddDays(-deliveredDaysAgo);
        await db.SaveChangesAsync();
        return graph;
    }

    private static StartReturnCommand Command(ReturnGraph graph, AssistedStart? assisted) =>
        new(graph.Order.Id, [new StartLine(graph.OrderLine.Id, 1, graph.Reason.Id, "appel du client", null, [])],
            Resolution.Refund, ReturnMethod.InStore, null, null, "fr", Guid.NewGuid().ToString("N"), assisted);

    [Fact]
    public async Task An_agent_starts_a_return_for_the_customer_recorded_with_the_agent_and_channel()
    {
        var graph = await ArrangeAsync(deliveredDaysAgo: 3);

        await using (var db = database.CreateContext(clock))
        {
            var result = await Starter(db).StartAsync(
                Command(graph, new AssistedStart("agent@example.fr", AssistChannel.Phone)), "agent@example.fr", default);
            result.Errors.ShouldBeEmpty();
        }

        await using var check = database.CreateContext(clock);
        var request = await check.Returns.Include(r => r.History).Include(r => r.Lines).SingleAsync(r => r.OrderId == graph.Order.Id);
        request.Status.ShouldBe(ReturnStatus.Approved);
        request.Assistance.By.ShouldBe("agent@example.fr");
        request.Assistance.Channel.ShouldBe(AssistChannel.Phone);
        request.IsGoodwill.ShouldBeFalse();
        var created = request.History.Single(h => h.From == null);
        created.Actor.ShouldBe("agent@example.fr");
        created.Note.ShouldBe("assisted (Phone) by agent@example.fr");
        // The customer is told as usual: the creation is announced through the outbox.
        (await check.Outbox.CountAsync(m => m.Type == Domain.Notifications.MessageTypes.ReturnCreated && m.Payload.Contains(request.Rma))).ShouldBe(1);
    }

    [Fact]
    public async Task An_agent_without_goodwill_meets_the_customers_eligibility()
    {
        var graph = await ArrangeAsync(deliveredDaysAgo: 90);

        await using var db = database.CreateContext(clock);
        var result = await Starter(db).StartAsync(
            Command(graph, new AssistedStart("agent@example.fr", AssistChannel.Email)), "agent@example.fr", default);

        result.Succeeded.ShouldBeFalse();
        // Outside the window, only a defect under the legal guarantee is accepted, as for the customer.
        result.Errors.ShouldContain(new StartError("reason_defect_only", graph.OrderLine.Id));
        (await db.Returns.CountAsync(r => r.OrderId == graph.Order.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task A_managers_goodwill_accepts_a_line_outside_the_window_and_records_why_and_who()
    {
        var graph = await ArrangeAsync(deliveredDaysAgo: 90);
        var assisted = new AssistedStart("manager@example.fr", AssistChannel.InStore, new GoodwillGrant("  Fidèle cliente, geste commercial  ", "manager@example.fr"));

        await using (var db = database.CreateContext(clock))
        {
            var result = await Starter(db).StartAsync(Command(graph, assisted), "manager@example.fr", default);
            result.Errors.ShouldBeEmpty();
        }

        await using var check = database.CreateContext(clock);
        var request = await check.Returns.Include(r => r.History).Include(r => r.Lines).SingleAsync(r => r.OrderId == graph.Order.Id);
        request.IsGoodwill.ShouldBeTrue();
        request.GoodwillReason.ShouldBe("Fidèle cliente, geste commercial");
        request.GoodwillGrantedBy.ShouldBe("manager@example.fr");
        request.Lines.Single().GoodwillOverride.ShouldBe(IneligibleReason.WindowClosed);
        request.History.Single(h => h.From == null).Note!.ShouldContain("goodwill granted by manager@example.fr (overrides WindowClosed): Fidèle cliente");

        // Counted apart in analytics: this is the only goodwill return of this database.
        var today = ReturnEligibility.ParisDate(clock.UtcDateTime);
        var kpi = await GoodwillReturns.InPeriodAsync(check, new AnalyticsPeriod(today, today.AddDays(1)), default);
        kpi.Returns.ShouldBe(1);
        kpi.Value.ShouldBe([request.RefundEstimate]);
        (await GoodwillReturns.InPeriodAsync(check, new AnalyticsPeriod(today.AddDays(1), today.AddDays(2)), default)).Returns.ShouldBe(0);
    }

    [Fact]
    public async Task Goodwill_without_a_reason_saves_nothing()
    {
        var graph = await ArrangeAsync(deliveredDaysAgo: 90);
        var assisted = new AssistedStart("manager@example.fr", AssistChannel.Phone, new GoodwillGrant(" ", "manager@example.fr"));

        await using var db = database.CreateContext(clock);
        var result = await Starter(db).StartAsync(Command(graph, assisted), "manager@example.fr", default);

        result.Errors.ShouldContain(new StartError("goodwill_reason_required"));
        (await db.Returns.CountAsync(r => r.OrderId == graph.Order.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task Goodwill_granted_for_an_eligible_line_is_not_counted_as_goodwill()
    {
        var graph = await ArrangeAsync(deliveredDaysAgo: 3);
        var assisted = new AssistedStart("manager@example.fr", AssistChannel.Phone, new GoodwillGrant("par principe", "manager@example.fr"));

        await using (var db = database.CreateContext(clock))
        {
            (await Starter(db).StartAsync(Command(graph, assisted), "manager@example.fr", default)).Errors.ShouldBeEmpty();
        }

        await using var check = database.CreateContext(clock);
        var request = await check.Returns.Include(r => r.Lines).SingleAsync(r => r.OrderId == graph.Order.Id);
        request.IsGoodwill.ShouldBeFalse();
        request.GoodwillReason.ShouldBeNull();
        request.Lines.Single().GoodwillOverride.ShouldBeNull();
    }

    // Idempotency and exchange reservations.

    private async Task<(ReturnGraph Graph, int OtherVariantId)> ArrangeWithStockAsync(int stock)
    {
        await using var db = database.CreateContext(clock);
        var graph = await TestData.InsertReturnGraphAsync(db, clock);
        var other = new ReturnsPortal.Domain.Catalog.ProductVariant { Sku = graph.Variant.Sku + "-44", Size = "44", Colour = "Blanc", Price = Money.Eur(TestData.UnitPrice), ProductId = graph.Product.Id };
        var warehouse = new Warehouse { Code = "W" + graph.Variant.Sku[^8..], Name = "Entrepôt", Address = new PostalAddress { Line1 = "1 quai", Postcode = "69800", City = "Saint-Priest" } };
        db.AddRange(other, warehouse);
        await db.SaveChangesAsync();
        await new StockLedger(db).PostAsync([StockChanges.Import(other.Id, warehouse.Id, StockBucket.Sellable, stock, "test", $"imp:{other.Sku}")],
            clock.UtcDateTime, default);
        await db.SaveChangesAsync();
        return (graph, other.Id);
    }

    private static StartReturnCommand Command(ReturnGraph graph, Resolution resolution, int? exchangeVariantId, string key, int quantity = 1) =>
        new(graph.Order.Id, [new StartLine(graph.OrderLine.Id, quantity, graph.Reason.Id, "<b>trop</b> petit", exchangeVariantId, [])],
            resolution, ReturnMethod.InStore, null, null, "en", key);

    [Fact]
    public async Task Starting_twice_with_the_same_key_creates_one_approved_return()
    {
        var (graph, _) = await ArrangeWithStockAsync(stock: 3);
        var key = Guid.NewGuid().ToString("N");

        await using (var db = database.CreateContext(clock))
        {
            var first = await Starter(db).StartAsync(Command(graph, Resolution.Refund, null, key), "customer", default);
            first.Succeeded.ShouldBeTrue();
            first.AlreadyExisted.ShouldBeFalse();
        }
        await using (var db = database.CreateContext(clock))
        {
            var second = await Starter(db).StartAsync(Command(graph, Resolution.Refund, null, key), "customer", default);
            second.AlreadyExisted.ShouldBeTrue();
        }

        await using var check = database.CreateContext(clock);
        var request = await check.Returns.Include(r => r.Lines).Include(r => r.History).SingleAsync(r => r.OrderId == graph.Order.Id);
        request.Status.ShouldBe(ReturnStatus.Approved);
        request.IdempotencyKey.ShouldBe(key);
        request.Language.ShouldBe("en");
        request.RefundEstimate.ShouldBe(Money.Eur(TestData.UnitPrice));
        request.Lines.Single().Comment.ShouldBe("<b>trop</b> petit");
        request.History.Select(h => h.To).Order().ShouldBe([ReturnStatus.Requested, ReturnStatus.Approved]);
        (await check.Outbox.CountAsync(m => m.Payload.Contains(request.Rma))).ShouldBe(2);
    }

    [Fact]
    public async Task Two_concurrent_submissions_with_the_same_key_create_one_return()
    {
        var (graph, _) = await ArrangeWithStockAsync(stock: 3);
        var key = Guid.NewGuid().ToString("N");

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            await using var db = database.CreateContext(clock);
            return await Starter(db).StartAsync(Command(graph, Resolution.Refund, null, key), "customer", default);
        }));

        results.ShouldAllBe(r => r.Succeeded);
        results.Select(r => r.Rma).Distinct().Count().ShouldBe(1);
        await using var check = database.CreateContext(clock);
        (await check.Returns.CountAsync(r => r.OrderId == graph.Order.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task An_exchange_reserves_the_replacement_and_cancelling_releases_it()
    {
        var (graph, other) = await ArrangeWithStockAsync(stock: 1);
        string rma;
        await using (var db = database.CreateContext(clock))
        {
            var result = await Starter(db).StartAsync(Command(graph, Resolution.Exchange, other, Guid.NewGuid().ToString("N")), "customer", default);
            result.Errors.ShouldBeEmpty();
            rma = result.Rma!;
            (await new StockReservations(db, new StockLedger(db), clock).AvailableAsync([other], default))[other].ShouldBe(0);
        }
        await using (var db = database.CreateContext(clock))
        {
            // The only unit is held: the second line of the order cannot be exchanged for it.
            var (errors, _) = await Starter(db).CheckAsync(Command(graph, Resolution.Exchange, other, "x"), StartStep.Solution, default);
            errors.ShouldContain(new StartError("exchange_out_of_stock", graph.OrderLine.Id));
        }
        await using (var db = database.CreateContext(clock))
        {
            var request = await db.Returns.Include(r => r.Lines).SingleAsync(r => r.Rma == rma);
            request.Cancel("customer", clock.UtcDateTime);
            await new StockReservations(db, new StockLedger(db), clock).ReleaseForAsync(request, default);
            await db.SaveChangesAsync();
        }

        await using var check = database.CreateContext(clock);
        var reservation = await check.StockReservations.SingleAsync(r => r.VariantId == other);
        reservation.Status.ShouldBe(ReservationStatus.Released);
        reservation.ClosedAt.ShouldBe(clock.UtcDateTime);
        (await new StockReservations(check, new StockLedger(check), clock).AvailableAsync([other], default))[other].ShouldBe(1);
    }

    [Theory]
    [InlineData(ReturnStatus.Expired)]
    [InlineData(ReturnStatus.Rejected)]
    public async Task A_return_that_expires_or_is_rejected_gives_its_replacement_back_without_an_explicit_release(ReturnStatus ending)
    {
        var (graph, other) = await ArrangeWithStockAsync(stock: 1);
        string rma;
        await using (var db = database.CreateContext(clock))
        {
            var result = await Starter(db).StartAsync(Command(graph, Resolution.Exchange, other, Guid.NewGuid().ToString("N")), "customer", default);
            result.Errors.ShouldBeEmpty();
            rma = result.Rma!;
        }
        await using (var db = database.CreateContext(clock))
        {
            var request = await db.Returns.SingleAsync(r => r.Rma == rma);
            if (ending == ReturnStatus.Expired)
            {
                request.Expire(clock.UtcDateTime);
            }
            else
            {
                request.Receive("inspector", clock.UtcDateTime);
                request.CompleteInspection("inspector", clock.UtcDateTime);
                request.Reject("Article porté", "agent", clock.UtcDateTime);
            }
            // No call to StockReservations: the release happens in the same SaveChanges.
            await db.SaveChangesAsync();
        }

        await using var check = database.CreateContext(clock);
        (await check.StockReservations.SingleAsync(r => r.VariantId == other)).Status.ShouldBe(ReservationStatus.Released);
        (await new StockReservations(check, new StockLedger(check), clock).AvailableAsync([other], default))[other].ShouldBe(1);
    }

    [Fact]
    public async Task Bad_input_breaks_named_rules_and_saves_nothing()
    {
        var (graph, other) = await ArrangeWithStockAsync(stock: 0);
        var before = await CountReturnsAsync();
        await using var db = database.CreateContext(clock);
        var starter = Starter(db);

        (await starter.StartAsync(Command(graph, Resolution.Refund, null, "k1", quantity: 3), "customer", default))
            .Errors.ShouldBe([new StartError("quantity_too_many", graph.OrderLine.Id)]);
        (await starter.StartAsync(Command(graph, Resolution.Refund, null, "k2", quantity: -1), "customer", default))
            .Errors.ShouldContain(new StartError("quantity_negative", graph.OrderLine.Id));
        (await starter.StartAsync(Command(graph, Resolution.Exchange, other, "k3"), "customer", default))
            .Errors.ShouldBe([new StartError("exchange_out_of_stock", graph.OrderLine.Id)]);
        (await starter.StartAsync(Command(graph, Resolution.Exchange, graph.Variant.Id, "k4"), "customer", default))
            .Errors.ShouldBe([new StartError("exchange_other_product", graph.OrderLine.Id)]);
        (await starter.StartAsync(Command(graph, Resolution.Refund, null, "k5") with
        {
            Lines = [new StartLine(graph.OrderLine.Id, 1, graph.Reason.Id, new string('x', 100_000), null, [])],
        }, "customer", default)).Errors.ShouldBe([new StartError("comment_too_long", graph.OrderLine.Id)]);
        (await starter.StartAsync(Command(graph, Resolution.Refund, null, "k6") with
        {
            Lines = [new StartLine(graph.OrderLine.Id, 1, -5, null, null, [])],
        }, "customer", default)).Errors.ShouldBe([new StartError("reason_unknown", graph.OrderLine.Id)]);

        (await CountReturnsAsync()).ShouldBe(before);
    }

    private async Task<int> CountReturnsAsync()
    {
        await using var db = database.CreateContext(clock);
        return await db.Returns.CountAsync();
    }
}
