using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Analytics;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Logistics;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Analytics;

public sealed class RollupMarksTests_Sqlite(SqliteTestDatabase db) : RollupMarksTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class RollupMarksTests_Postgres(PostgresTestDatabase db) : RollupMarksTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>
/// Each marking rule of <see cref="RollupMarks"/>, through the domain events the aggregates record (ADR 0104): a save
/// writes one mark per Paris day whose rollups it changes, and nothing else. Every test saves at days of its own, and
/// reads the marks its save added (the class's tests share a database and run one after another).
/// </summary>
public abstract class RollupMarksTests(TestDatabase database)
{
    private readonly FakeClock clock = new();

    private static DateTime Utc(int year, int month, int day) => new(year, month, day, 10, 0, 0, DateTimeKind.Utc);

    private static DateOnly Day(DateTime utc) => AnalyticsPeriod.ParisDay(utc);

    /// <summary>The days marked by what <paramref name="save"/> saves, in a context of their own.</summary>
    private async Task<List<DateOnly>> MarkedByAsync(Func<ReturnsDbContext, Task> save)
    {
        long last;
        await using (var db = database.CreateContext(clock))
        {
            last = await db.AnalyticsRollupMarks.MaxAsync(m => (long?)m.Id) ?? 0;
        }
        await using (var db = database.CreateContext(clock))
        {
            await save(db);
        }
        await using var check = database.CreateContext(clock);
        return await check.AnalyticsRollupMarks.Where(m => m.Id > last).OrderBy(m => m.Day).Select(m => m.Day).ToListAsync();
    }

    /// <summary>A saved, approved return of one item created at <paramref name="created"/> (its order placed 6 days before).</summary>
    private async Task<(ReturnGraph Graph, int ReturnId)> ApprovedReturnAsync(DateTime created, long fourEyesMinor = 50_000)
    {
        clock.UtcNow = created;
        await using var db = database.CreateContext(clock);
        var graph = await TestData.InsertReturnGraphAsync(db, clock);
        await TestData.EnsureWarehouseAsync(db);
        graph.Policy.SetApprovalThreshold(Money.Eur(fourEyesMinor), Money.Eur(fourEyesMinor));
        var request = await graph.NewReturnAsync(db, "customer", created);
        request.Approve("agent", created);
        db.Returns.Add(request);
        await db.SaveChangesAsync();
        return (graph, request.Id);
    }

    /// <summary>Receives and grades every line of the return at <paramref name="at"/>: it is Inspected, ready to decide.</summary>
    private async Task InspectAsync(int returnId, DateTime at)
    {
        clock.UtcNow = at;
        await using var db = database.CreateContext(clock);
        var request = await db.Returns.ForWarehouse().SingleAsync(r => r.Id == returnId);
        request.Receive([.. request.Lines.Select(l => new LineReceipt(l.Id, ReceiptOutcome.Received, l.Quantity))], "inspector", at);
        foreach (var line in request.Lines)
        {
            request.InspectLine(new LineInspection(line.Id, ItemGrade.A, [], SerialCheck.NotApplicable, null), "inspector", at);
        }
        await db.SaveChangesAsync();
    }

    private static async Task DecideAsync(ReturnsDbContext db, int returnId, Disposition disposition, DateTime at)
    {
        var request = await db.Returns.ForWarehouse().SingleAsync(r => r.Id == returnId);
        request.Decide([.. request.Lines.Select(l => new LineDecisionInput(l.Id, LineVerdict.Accept, disposition, null))], "agent", at);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_new_return_marks_the_day_it_is_created()
    {
        var created = Utc(2019, 1, 15);
        clock.UtcNow = created;
        ReturnGraph graph;
        await using (var db = database.CreateContext(clock))
        {
            graph = await TestData.InsertReturnGraphAsync(db, clock);
        }

        var marked = await MarkedByAsync(async db =>
        {
            var request = await graph.NewReturnAsync(db, "customer", created);
            request.Approve("agent", created);
            db.Returns.Add(request);
            await db.SaveChangesAsync();
        });

        marked.ShouldBe([Day(created)]);
    }

    [Fact]
    public async Task A_status_move_of_a_saved_return_marks_the_day_it_was_created_not_the_day_it_moved()
    {
        var created = Utc(2019, 2, 4);
        var (_, returnId) = await ApprovedReturnAsync(created);
        clock.UtcNow = created.AddDays(9);

        var marked = await MarkedByAsync(async db =>
        {
            var request = await db.Returns.SingleAsync(r => r.Id == returnId);
            request.MarkInTransit("6A000000042", "customer", clock.UtcDateTime);
            await db.SaveChangesAsync();
        });

        marked.ShouldBe([Day(created)]);
    }

    [Fact]
    public async Task Routing_a_saved_return_to_another_warehouse_marks_its_day()
    {
        var created = Utc(2019, 3, 4);
        var (_, returnId) = await ApprovedReturnAsync(created);
        clock.UtcNow = created.AddDays(1);

        var marked = await MarkedByAsync(async db =>
        {
            var other = new Warehouse
            {
                Code = "W-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant(),
                Name = "Lille",
                Address = new PostalAddress { Line1 = "2 rue", Postcode = "59000", City = "Lille" },
            };
            db.Warehouses.Add(other);
            await db.SaveChangesAsync();
            var request = await db.Returns.SingleAsync(r => r.Id == returnId);
            request.RouteTo(other.Id);
            await db.SaveChangesAsync();
        });

        marked.ShouldBe([Day(created)]);
    }

    [Fact]
    public async Task A_decision_marks_its_own_day_and_its_return_day_and_so_does_the_write_off_it_posts()
    {
        var created = Utc(2019, 4, 1);
        var decided = Utc(2019, 4, 12);
        var (_, returnId) = await ApprovedReturnAsync(created);
        await InspectAsync(returnId, created.AddDays(5));
        clock.UtcNow = decided;

        // Destroyed: the dispositions post a write-off with the decision (ADR 0061), in the same save.
        var marked = await MarkedByAsync(db => DecideAsync(db, returnId, Disposition.Destroy, decided));

        marked.ShouldBe([Day(created), Day(decided)]);
        await using var check = database.CreateContext(clock);
        (await check.StockMovements.CountAsync(m => m.Cause == StockCause.WriteOff && m.ReturnLine!.ReturnRequestId == returnId)).ShouldBe(1);
    }

    [Fact]
    public async Task A_changed_decision_marks_its_old_day()
    {
        var created = Utc(2019, 5, 1);
        var first = Utc(2019, 5, 8);
        var sentBack = Utc(2019, 5, 9);
        var second = Utc(2019, 5, 20);
        // A four-eyes threshold below the refund: each decision waits for a manager, who sends the first one back.
        var (_, returnId) = await ApprovedReturnAsync(created, fourEyesMinor: 100);
        await InspectAsync(returnId, created.AddDays(3));
        clock.UtcNow = first;
        await using (var db = database.CreateContext(clock))
        {
            await DecideAsync(db, returnId, Disposition.Restock, first);
        }
        clock.UtcNow = sentBack;
        await using (var db = database.CreateContext(clock))
        {
            var request = await db.Returns.SingleAsync(r => r.Id == returnId);
            request.SendBackForReview("manager", "Check the grade", sentBack);
            await db.SaveChangesAsync();
        }
        clock.UtcNow = second;

        var marked = await MarkedByAsync(db => DecideAsync(db, returnId, Disposition.Restock, second));

        marked.ShouldBe([Day(created), Day(first), Day(second)]);
        await using var check = database.CreateContext(clock);
        (await check.Returns.Where(r => r.Id == returnId).Select(r => r.Status).SingleAsync()).ShouldBe(ReturnStatus.AwaitingApproval);
        (await check.LineDecisions.CountAsync(d => check.ReturnLines.Any(l => l.Id == d.ReturnLineId && l.ReturnRequestId == returnId))).ShouldBe(1);
    }

    [Fact]
    public async Task A_settlement_saved_alone_marks_its_return_day()
    {
        var created = Utc(2019, 6, 3);
        var (_, returnId) = await ApprovedReturnAsync(created);
        await InspectAsync(returnId, created.AddDays(4));
        ReturnRequest resolved;
        await using (var db = database.CreateContext(clock))
        {
            resolved = await db.Returns.ForWarehouse().SingleAsync(r => r.Id == returnId);
            // Resolved without decided lines: the save settles nothing (ADR 0098), the settlement comes alone below.
            resolved.SubmitDecision(false, "agent", clock.UtcDateTime);
            await db.SaveChangesAsync();
        }
        clock.UtcNow = created.AddDays(20);

        // A context that tracks neither the return nor its lines.
        var marked = await MarkedByAsync(async db =>
        {
            db.Add(SettledFor.Return(resolved, "agent", clock.UtcDateTime));
            await db.SaveChangesAsync();
        });

        marked.ShouldBe([Day(created)]);
    }

    [Fact]
    public async Task A_write_off_saved_alone_marks_its_return_day()
    {
        var created = Utc(2019, 7, 1);
        var (graph, returnId) = await ApprovedReturnAsync(created);
        int lineId;
        await using (var db = database.CreateContext(clock))
        {
            lineId = await db.ReturnLines.Where(l => l.ReturnRequestId == returnId).Select(l => l.Id).SingleAsync();
        }
        clock.UtcNow = created.AddDays(30);

        // Posted by a context that tracks neither the line nor its return: the mark reads the return's day.
        var marked = await MarkedByAsync(async db =>
        {
            var warehouseId = await StockDispositions.ReturnsWarehouseIdAsync(db, default);
            var key = $"test-wo:{lineId}";
            await new StockLedger(db).PostAsync(
            [
                StockChanges.Adjust(graph.Variant.Id, warehouseId, StockBucket.Quarantine, 1, "test", "test", key + ":in"),
                new StockChange(graph.Variant.Id, warehouseId, StockBucket.Quarantine, -1, 0, StockCause.WriteOff, key, "test", lineId,
                    UnitCost: Money.Eur(700)),
            ], clock.UtcDateTime, CancellationToken.None);
            await db.SaveChangesAsync();
        });

        marked.ShouldBe([Day(created)]);
    }

    [Fact]
    public async Task Stock_moved_for_other_causes_marks_nothing()
    {
        clock.UtcNow = Utc(2019, 7, 20);
        ReturnGraph graph;
        await using (var db = database.CreateContext(clock))
        {
            graph = await TestData.InsertReturnGraphAsync(db, clock);
            await TestData.EnsureWarehouseAsync(db);
        }

        var marked = await MarkedByAsync(async db =>
        {
            var warehouseId = await StockDispositions.ReturnsWarehouseIdAsync(db, default);
            await new StockLedger(db).PostAsync(
                [StockChanges.Adjust(graph.Variant.Id, warehouseId, StockBucket.Sellable, 3, "test", "count", $"test-adj:{graph.Variant.Id}")],
                clock.UtcDateTime, CancellationToken.None);
            await db.SaveChangesAsync();
        });

        marked.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_new_order_marks_the_day_it_was_placed_and_an_order_read_back_records_nothing()
    {
        var placed = Utc(2019, 8, 5);
        clock.UtcNow = placed.AddDays(40);
        var number = $"MARK-{Guid.NewGuid():N}"[..20];

        var marked = await MarkedByAsync(async db =>
        {
            var order = new Order { Number = number, Email = "m@example.fr", CustomerName = "M", Postcode = "75001", PlacedAt = placed };
            order.Lines.Add(new OrderLine { VariantId = (await NewVariantAsync(db)).Id, Quantity = 1, UnitPricePaid = Money.Eur(1_000) });
            db.Orders.Add(order);
            await db.SaveChangesAsync();
        });

        marked.ShouldBe([Day(placed)]);
        var again = await MarkedByAsync(async db =>
        {
            var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Number == number);
            order.DomainEvents.ShouldBeEmpty("EF Core loads the date through its field, not the setter");
            await db.SaveChangesAsync();
        });
        again.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_moved_order_marks_the_day_it_left_and_the_day_it_moved_to()
    {
        var placed = Utc(2019, 9, 2);
        var moved = Utc(2019, 9, 16);
        var orderId = await NewOrderAsync(placed);

        var marked = await MarkedByAsync(async db =>
        {
            var order = await db.Orders.SingleAsync(o => o.Id == orderId);
            order.PlacedAt = moved;
            await db.SaveChangesAsync();
        });

        marked.ShouldBe([Day(placed), Day(moved)]);
    }

    [Fact]
    public async Task A_changed_removed_or_added_order_line_marks_the_order_day_and_the_same_line_again_marks_nothing()
    {
        var placed = Utc(2019, 10, 7);
        var orderId = await NewOrderAsync(placed);
        int variantId;
        await using (var db = database.CreateContext(clock))
        {
            variantId = await db.OrderLines.Where(l => l.OrderId == orderId).Select(l => l.VariantId).SingleAsync();
        }

        var changed = await MarkedByAsync(async db =>
        {
            var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == orderId);
            order.RecordLine(variantId, 3, Money.Eur(1_000));
            await db.SaveChangesAsync();
        });
        var same = await MarkedByAsync(async db =>
        {
            var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == orderId);
            order.RecordLine(variantId, 3, Money.Eur(1_000));
            await db.SaveChangesAsync();
        });
        var added = await MarkedByAsync(async db =>
        {
            var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == orderId);
            order.RecordLine((await NewVariantAsync(db)).Id, 1, Money.Eur(500));
            await db.SaveChangesAsync();
        });
        var removed = await MarkedByAsync(async db =>
        {
            var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == orderId);
            order.RemoveLine(order.Lines.Single(l => l.VariantId == variantId));
            await db.SaveChangesAsync();
        });

        changed.ShouldBe([Day(placed)]);
        same.ShouldBeEmpty();
        added.ShouldBe([Day(placed)]);
        removed.ShouldBe([Day(placed)]);
        await using var check = database.CreateContext(clock);
        (await check.OrderLines.CountAsync(l => l.OrderId == orderId)).ShouldBe(1);
    }

    [Fact]
    public async Task An_import_sending_an_order_again_marks_nothing_and_one_moving_it_marks_both_days()
    {
        var placed = Utc(2019, 11, 4);
        var moved = Utc(2019, 11, 18);
        ReturnGraph graph;
        clock.UtcNow = placed.AddDays(60);
        await using (var db = database.CreateContext(clock))
        {
            graph = await TestData.InsertReturnGraphAsync(db, clock);
        }
        var number = $"IMP-{Guid.NewGuid():N}"[..20];
        OrderData Data(DateTime at) => new(number, $"{number.ToLowerInvariant()}@example.fr", "Camille", "Martin", "fr", "1 rue", null, "69003",
            "Lyon", "FR", at, null, null, PaymentMethod.Card, "EUR", [new OrderLineData(graph.Variant.Sku, 2, 4_990)]);
        async Task Import(ReturnsDbContext db, DateTime at)
        {
            await new CatalogSync(db).UpsertOrderAsync(Data(at), clock.UtcDateTime, default);
            await db.SaveChangesAsync();
        }

        var created = await MarkedByAsync(db => Import(db, placed));
        var again = await MarkedByAsync(db => Import(db, placed));
        var movedMarks = await MarkedByAsync(db => Import(db, moved));

        created.ShouldBe([Day(placed)]);
        again.ShouldBeEmpty();
        movedMarks.ShouldBe([Day(placed), Day(moved)]);
    }

    [Fact]
    public async Task A_synchronous_save_that_would_mark_a_day_is_refused_and_saves_nothing()
    {
        var placed = Utc(2019, 12, 2);
        var orderId = await NewOrderAsync(placed);
        long last;
        await using (var db = database.CreateContext(clock))
        {
            last = await db.AnalyticsRollupMarks.MaxAsync(m => (long?)m.Id) ?? 0;
            var order = await db.Orders.SingleAsync(o => o.Id == orderId);
            order.PlacedAt = Utc(2019, 12, 9);
            Should.Throw<InvalidOperationException>(() => db.SaveChanges()).Message.ShouldContain("SaveChangesAsync");
        }

        await using var check = database.CreateContext(clock);
        (await check.Orders.Where(o => o.Id == orderId).Select(o => o.PlacedAt).SingleAsync()).ShouldBe(placed);
        (await check.AnalyticsRollupMarks.CountAsync(m => m.Id > last)).ShouldBe(0);
    }

    private async Task<int> NewOrderAsync(DateTime placed)
    {
        clock.UtcNow = placed.AddDays(40);
        await using var db = database.CreateContext(clock);
        var order = new Order { Number = $"MARK-{Guid.NewGuid():N}"[..20], Email = "m@example.fr", CustomerName = "M", Postcode = "75001", PlacedAt = placed };
        order.Lines.Add(new OrderLine { VariantId = (await NewVariantAsync(db)).Id, Quantity = 1, UnitPricePaid = Money.Eur(1_000) });
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return order.Id;
    }

    private static async Task<Catalog.ProductVariant> NewVariantAsync(ReturnsDbContext db)
    {
        var key = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var product = new Catalog.Product { Code = $"MK-{key}", Name = "Mark", Category = new Catalog.Category { Code = $"mk-{key}", NameFr = "M", NameEn = "M" } };
        var variant = new Catalog.ProductVariant { Sku = $"MK-{key}-1", Price = Money.Eur(1_000) };
        product.Variants.Add(variant);
        db.Add(product);
        await db.SaveChangesAsync();
        return variant;
    }
}
