using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Logistics;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Inventory;

public sealed class StockLedgerTests_Sqlite(SqliteTestDatabase db) : StockLedgerTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class StockLedgerTests_Postgres(PostgresTestDatabase db) : StockLedgerTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>The ledger saved: dispositions exactly once (retry, two contexts), exchanges shipped once, the last unit taken once.</summary>
public abstract class StockLedgerTests(TestDatabase database)
{
    private const string Inspector = "inspector@shop.fr";
    private readonly FakeClock clock = new();

    private DateTime Now => clock.UtcDateTime;

    private sealed record Setup(ReturnGraph Graph, int WarehouseId, int OtherVariantId);

    /// <summary>A return graph with a unit cost, the returns warehouse, and a second size of the product with <paramref name="stock"/> units.</summary>
    private async Task<Setup> ArrangeAsync(int stock = 0)
    {
        await using var db = database.CreateContext(clock);
        // Before the graph, which routes its returns to the first warehouse (and would make one of its own).
        if (!await db.Warehouses.AnyAsync())
        {
            db.Warehouses.Add(new Warehouse { Code = "LYS", Name = "Entrepôt", Address = new PostalAddress { Line1 = "1 quai", Postcode = "69800", City = "Saint-Priest" } });
            await db.SaveChangesAsync();
        }
        var graph = await TestData.InsertReturnGraphAsync(db, clock);
        var product = await db.Products.SingleAsync(p => p.Id == graph.Product.Id);
        product.UnitCostMinor = 1500;
        var other = new ProductVariant { Sku = graph.Variant.Sku + "-44", Size = "44", Colour = "Blanc", Price = Money.Eur(TestData.UnitPrice), ProductId = graph.Product.Id };
        db.Variants.Add(other);
        await db.SaveChangesAsync();
        var warehouseId = await StockDispositions.ReturnsWarehouseIdAsync(db, default);
        await new StockLedger(db).PostAsync([StockChanges.Import(other.Id, warehouseId, StockBucket.Sellable, stock, "test", $"imp:{other.Sku}")], Now, default);
        await db.SaveChangesAsync();
        return new Setup(graph, warehouseId, other.Id);
    }

    /// <summary>A saved return of two single items, received and inspected, ready to decide.</summary>
    private async Task<string> InspectedAsync(Setup setup, Resolution resolution = Resolution.Refund)
    {
        var rma = RmaNumber.Generate();
        await using (var db = database.CreateContext(clock))
        {
            var order = await db.Orders.SingleAsync(o => o.Id == setup.Graph.Order.Id);
            var policy = await db.Policies.SingleAsync(p => p.Id == setup.Graph.Policy.Id);
            int? exchange = resolution == Resolution.Exchange ? setup.OtherVariantId : null;
            var request = ReturnRequest.Create(rma, order, policy,
                [new ReturnLine(setup.Graph.OrderLine.Id, 1, setup.Graph.Reason.Id, null, exchange, []),
                 new ReturnLine(setup.Graph.OrderLine.Id, 1, setup.Graph.Reason.Id, "second", exchange, [])],
                resolution, ReturnMethod.DropOff, setup.Graph.DropOffPoint.Id, setup.Graph.WarehouseId, "fr", "customer", Now);
            request.Approve("agent", Now);
            db.Returns.Add(request);
            await new StockReservations(db, new StockLedger(db), clock).ReserveForAsync(request, default);
            await db.SaveChangesAsync();
        }
        await using (var db = database.CreateContext(clock))
        {
            var request = await db.Returns.ForWarehouse().SingleAsync(r => r.Rma == rma);
            var ids = request.Lines.Select(l => l.Id).Order().ToList();
            request.MarkInTransit("6A0000000001", "customer", Now);
            request.Receive([new LineReceipt(ids[0], ReceiptOutcome.Received, 1), new LineReceipt(ids[1], ReceiptOutcome.Received, 1)], Inspector, Now);
            request.InspectLine(new LineInspection(ids[0], ItemGrade.A, [], SerialCheck.NotApplicable, null), Inspector, Now);
            request.InspectLine(new LineInspection(ids[1], ItemGrade.C, [], SerialCheck.NotApplicable, null), Inspector, Now);
            await db.SaveChangesAsync();
        }
        return rma;
    }

    /// <summary>Decides (first line with <paramref name="first"/>, second with <paramref name="second"/>) and applies the stock, unsaved.</summary>
    private async Task<ReturnRequest> DecideAsync(ReturnsDbContext db, string rma, (LineVerdict, Disposition) first, (LineVerdict, Disposition) second)
    {
        var request = await db.Returns.ForWarehouse().SingleAsync(r => r.Rma == rma);
        var ids = request.Lines.Select(l => l.Id).Order().ToList();
        request.Decide([new LineDecisionInput(ids[0], first.Item1, first.Item2, null), new LineDecisionInput(ids[1], second.Item1, second.Item2, null)], Inspector, Now);
        request.Status.ShouldBe(ReturnStatus.Resolved);
        await new StockDispositions(db, new StockLedger(db)).ApplyIfResolvedAsync(request, Inspector, Now, default);
        return request;
    }

    private async Task<List<(StockBucket Bucket, int Quantity, int Reserved)>> LevelsAsync(int variantId)
    {
        await using var db = database.CreateContext(clock);
        var levels = await db.StockLevels.AsNoTracking().Where(l => l.VariantId == variantId).ToListAsync();
        var sums = await db.StockMovements.AsNoTracking().Where(m => m.VariantId == variantId)
            .GroupBy(m => new { m.WarehouseId, m.Bucket })
            .Select(g => new { g.Key.WarehouseId, g.Key.Bucket, Quantity = g.Sum(m => m.Quantity), Reserved = g.Sum(m => m.Reserved) })
            .ToListAsync();
        foreach (var level in levels)
        {
            var sum = sums.SingleOrDefault(s => s.WarehouseId == level.WarehouseId && s.Bucket == level.Bucket);
            (level.Quantity, level.Reserved).ShouldBe((sum?.Quantity ?? 0, sum?.Reserved ?? 0), $"{level.Bucket} equals the sum of its movements");
        }
        return [.. levels.OrderBy(l => l.Bucket).Select(l => (l.Bucket, l.Quantity, l.Reserved))];
    }

    [Fact]
    public async Task Receiving_moves_nothing_and_resolving_moves_each_disposition_once_even_when_retried()
    {
        var setup = await ArrangeAsync();
        var rma = await InspectedAsync(setup);
        (await LevelsAsync(setup.Graph.Variant.Id)).ShouldBeEmpty("receiving and inspecting alone never move stock");

        await using (var db = database.CreateContext(clock, Inspector))
        {
            await DecideAsync(db, rma, (LineVerdict.Accept, Disposition.Restock), (LineVerdict.AcceptWithDeduction, Disposition.Destroy));
            await db.SaveChangesAsync();
        }
        await using (var db = database.CreateContext(clock, Inspector))
        {
            // A retry (a second click, a replayed request) finds every key posted and adds nothing.
            var request = await db.Returns.ForWarehouse().SingleAsync(r => r.Rma == rma);
            (await new StockDispositions(db, new StockLedger(db)).ApplyIfResolvedAsync(request, Inspector, Now, default)).ShouldBeEmpty();
            await db.SaveChangesAsync();
        }

        (await LevelsAsync(setup.Graph.Variant.Id)).ShouldBe([(StockBucket.Sellable, 1, 0), (StockBucket.Quarantine, 0, 0)]);
        await using var check = database.CreateContext(clock);
        var movements = await check.StockMovements.AsNoTracking().Where(m => m.VariantId == setup.Graph.Variant.Id).OrderBy(m => m.Id).ToListAsync();
        movements.Select(m => (m.Cause, m.Bucket, m.Quantity)).ShouldBe(
        [
            (StockCause.ReturnDisposition, StockBucket.Sellable, 1),
            (StockCause.ReturnDisposition, StockBucket.Quarantine, 1),
            (StockCause.WriteOff, StockBucket.Quarantine, -1),
        ]);
        movements[2].Cost.ShouldBe(Money.Eur(1500), "a write-off is valued at the product's unit cost");
        movements.ShouldAllBe(m => m.Actor == Inspector && m.ReturnLineId != null);
        var messages = await check.Outbox.AsNoTracking().Where(m => m.Type == Domain.Notifications.MessageTypes.StockChanged && m.Payload.Contains("\"" + setup.Graph.Variant.Sku + "\"")).ToListAsync();
        messages.Count.ShouldBe(3, "one stock.changed message per movement");
        using var payload = JsonDocument.Parse(messages.OrderBy(m => m.Id).First().Payload);
        (payload.RootElement.GetProperty("bucket").GetString(), payload.RootElement.GetProperty("level").GetInt32(),
            payload.RootElement.GetProperty("cause").GetString(), payload.RootElement.GetProperty("warehouse").GetString())
            .ShouldBe(("Sellable", 1, "ReturnDisposition", "LYS"));
    }

    [Fact]
    public async Task Two_contexts_applying_the_same_disposition_move_stock_once()
    {
        var setup = await ArrangeAsync();
        var rma = await InspectedAsync(setup);
        await using (var db = database.CreateContext(clock, Inspector))
        {
            var request = await DecideAsync(db, rma, (LineVerdict.Accept, Disposition.Restock), (LineVerdict.Accept, Disposition.OpenBox));
            // Save the decision without the movements, as if the instance died after the decision was stored
            // (the events are dropped too: with them, the save would post the movements again).
            request.ClearDomainEvents();
            db.ChangeTracker.Entries<StockMovement>().ToList().ForEach(e => e.State = Microsoft.EntityFrameworkCore.EntityState.Detached);
            db.ChangeTracker.Entries<StockLevel>().ToList().ForEach(e => e.State = Microsoft.EntityFrameworkCore.EntityState.Detached);
            db.ChangeTracker.Entries<Notifications.OutboxMessage>().Where(e => e.Entity.Type == Domain.Notifications.MessageTypes.StockChanged).ToList()
                .ForEach(e => e.State = Microsoft.EntityFrameworkCore.EntityState.Detached);
            await db.SaveChangesAsync();
        }

        await using var first = database.CreateContext(clock, Inspector);
        await using var second = database.CreateContext(clock, Inspector);
        var one = await first.Returns.ForWarehouse().SingleAsync(r => r.Rma == rma);
        var two = await second.Returns.ForWarehouse().SingleAsync(r => r.Rma == rma);
        (await new StockDispositions(first, new StockLedger(first)).ApplyIfResolvedAsync(one, Inspector, Now, default)).Count.ShouldBe(2);
        (await new StockDispositions(second, new StockLedger(second)).ApplyIfResolvedAsync(two, Inspector, Now, default)).Count.ShouldBe(2);
        await first.SaveChangesAsync();
        await Should.ThrowAsync<DbUpdateException>(() => second.SaveChangesAsync());

        (await LevelsAsync(setup.Graph.Variant.Id)).ShouldBe([(StockBucket.Sellable, 1, 0), (StockBucket.OpenBox, 1, 0)]);
    }

    [Fact]
    public async Task An_exchange_ships_one_replacement_when_staff_ship_it_and_consumes_the_reservation_once()
    {
        var setup = await ArrangeAsync(stock: 3);
        var rma = await InspectedAsync(setup, Resolution.Exchange);
        (await LevelsAsync(setup.OtherVariantId)).ShouldBe([(StockBucket.Sellable, 3, 2)], "both replacements are held from the return's creation");

        await using (var db = database.CreateContext(clock, Inspector))
        {
            // The second item is refused and sent back: it gets no replacement, its unit goes back to sale.
            await DecideAsync(db, rma, (LineVerdict.Accept, Disposition.Restock), (LineVerdict.RejectReturnToCustomer, Disposition.ReturnToCustomer));
            await db.SaveChangesAsync();
        }
        (await LevelsAsync(setup.OtherVariantId)).ShouldBe([(StockBucket.Sellable, 3, 1)], "the accepted line's unit stays held until it ships");
        await using (var db = database.CreateContext(clock, Inspector))
        {
            var request = await db.Returns.ForWarehouse().SingleAsync(r => r.Rma == rma);
            (await new StockDispositions(db, new StockLedger(db)).ApplyIfResolvedAsync(request, Inspector, Now, default)).ShouldBeEmpty("a retry moves nothing more");
            await db.SaveChangesAsync();
            (await db.ReplacementShipments.AnyAsync(s => s.ReturnRequestId == request.Id)).ShouldBeFalse("nothing ships at the decision");
            (await db.Outbox.AnyAsync(m => m.Type == Domain.Notifications.MessageTypes.ExchangeShipped)).ShouldBeFalse();
        }
        await using (var db = database.CreateContext(clock, Inspector))
        {
            var settlement = await db.Settlements.SingleAsync(s => s.IdempotencyKey == Settlement.KeyFor(rma));
            settlement.Status.ShouldBe(SettlementStatus.ReplacementRequested);
            var shipping = new ReplacementShipping(db, new StockLedger(db));
            (await Should.ThrowAsync<DomainException>(() => shipping.ShipAsync(settlement, "Colissimo", " ", Inspector, Now, default)))
                .Code.ShouldBe("settlement.tracking_required");
            await shipping.ShipAsync(settlement, "Colissimo", "6A12345678901", Inspector, Now, default);
            await db.SaveChangesAsync();
            (await Should.ThrowAsync<DomainException>(() => shipping.ShipAsync(settlement, "Colissimo", "6A1", Inspector, Now, default)))
                .Code.ShouldBe("settlement.not_shippable", "a second shipment is refused");
        }

        (await LevelsAsync(setup.OtherVariantId)).ShouldBe([(StockBucket.Sellable, 2, 0)]);
        await using var check = database.CreateContext(clock);
        var returnId = await check.Returns.Where(r => r.Rma == rma).Select(r => r.Id).SingleAsync();
        var shipment = await check.ReplacementShipments.SingleAsync(s => s.ReturnRequestId == returnId);
        shipment.Reference.ShouldBe($"EX-{rma}");
        var announced = await check.Outbox.Where(m => m.Type == Domain.Notifications.MessageTypes.ExchangeShipped).ToListAsync();
        announced.ShouldHaveSingleItem("the customer hears of the shipment once").DedupeKey.ShouldBe($"exchange:{rma}");
        announced[0].Payload.ShouldContain($"\"rma\":\"{rma}\"");
        announced[0].Payload.ShouldContain("\"trackingNumber\":\"6A12345678901\"");
        var reservations = await check.StockReservations.Where(r => r.ReturnLine!.ReturnRequestId == returnId).OrderBy(r => r.ReturnLineId).ToListAsync();
        reservations.Select(r => (r.Status, r.ReplacementShipmentId)).ShouldBe([(ReservationStatus.Consumed, shipment.Id), (ReservationStatus.Released, null)]);
        (await check.StockMovements.Where(m => m.VariantId == setup.OtherVariantId).Select(m => m.Cause).ToListAsync())
            .Order().ShouldBe([StockCause.ExchangeReservation, StockCause.ExchangeReservation, StockCause.ExchangeRelease, StockCause.ExchangeShipment, StockCause.Import]);
    }

    [Fact]
    public async Task A_cancelled_exchange_gives_its_units_back_and_settles_the_customers_choice_instead()
    {
        var setup = await ArrangeAsync(stock: 3);
        var rma = await InspectedAsync(setup, Resolution.Exchange);
        await using (var db = database.CreateContext(clock, Inspector, new SettlementChannels(Exchanges: ExchangeShipFrom.Shop)))
        {
            await DecideAsync(db, rma, (LineVerdict.Accept, Disposition.Restock), (LineVerdict.Accept, Disposition.Restock));
            await db.SaveChangesAsync();
            // The shop is asked for the two replacement units, by SKU.
            var asked = await db.Outbox.SingleAsync(m => m.Type == Domain.Notifications.MessageTypes.ExchangeRequested && m.Payload.Contains(rma));
            var items = Domain.Notifications.MessageJson.Read<Domain.Notifications.ExchangeRequestedPayload>(asked.Payload).Items;
            items.ShouldHaveSingleItem().Quantity.ShouldBe(2);
        }
        await using (var db = database.CreateContext(clock, Inspector))
        {
            var settlement = await db.Settlements.SingleAsync(s => s.IdempotencyKey == Settlement.KeyFor(rma));
            var shipping = new ReplacementShipping(db, new StockLedger(db));
            (await Should.ThrowAsync<DomainException>(() => shipping.CancelAsync(settlement, SettlementKind.Exchange, "out of stock", Inspector, Now, default)))
                .Code.ShouldBe("settlement.instead_invalid");
            await shipping.CancelAsync(settlement, SettlementKind.StoreCredit, "out of stock", Inspector, Now, default);
            await db.SaveChangesAsync();
        }

        (await LevelsAsync(setup.OtherVariantId)).ShouldBe([(StockBucket.Sellable, 3, 0)], "both units back to sale");
        await using var check = database.CreateContext(clock);
        var settlements = await check.Settlements.Where(s => s.Reference.EndsWith(rma)).OrderBy(s => s.Id).ToListAsync();
        settlements.Select(s => (s.Kind, s.Status)).ShouldBe([(SettlementKind.Exchange, SettlementStatus.Cancelled), (SettlementKind.StoreCredit, SettlementStatus.Issued)]);
        (settlements[0].InsteadKind, settlements[0].CancelReason).ShouldBe((SettlementKind.StoreCredit, "out of stock"));
        settlements[1].Amount.ShouldBe(settlements[0].Amount);
        settlements[1].IdempotencyKey.ShouldBe(Settlement.InsteadKeyFor(rma));
        (await check.Outbox.AnyAsync(m => m.Type == Domain.Notifications.MessageTypes.StoreCreditIssued && m.Payload.Contains(rma))).ShouldBeTrue();
    }

    [Fact]
    public async Task Two_customers_reserving_the_last_unit_at_once_leave_one_reservation()
    {
        var setup = await ArrangeAsync(stock: 1);
        async Task<ReturnRequest> ReserveAsync(ReturnsDbContext db)
        {
            var order = await db.Orders.SingleAsync(o => o.Id == setup.Graph.Order.Id);
            var policy = await db.Policies.SingleAsync(p => p.Id == setup.Graph.Policy.Id);
            var request = ReturnRequest.Create(RmaNumber.Generate(), order, policy,
                [new ReturnLine(setup.Graph.OrderLine.Id, 1, setup.Graph.Reason.Id, null, setup.OtherVariantId, [])],
                Resolution.Exchange, ReturnMethod.InStore, null, setup.Graph.WarehouseId, "fr", "customer", Now);
            db.Returns.Add(request);
            await new StockReservations(db, new StockLedger(db), clock).ReserveForAsync(request, default);
            return request;
        }

        // Both read one available unit before either saves: the level's token lets only the first save through.
        await using var first = database.CreateContext(clock);
        await using var second = database.CreateContext(clock);
        await ReserveAsync(first);
        await ReserveAsync(second);
        await first.SaveChangesAsync();
        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        (await LevelsAsync(setup.OtherVariantId)).ShouldBe([(StockBucket.Sellable, 1, 1)]);
        await using var check = database.CreateContext(clock);
        (await check.StockReservations.CountAsync(r => r.VariantId == setup.OtherVariantId)).ShouldBe(1);
    }

    [Fact]
    public async Task Two_concurrent_exchange_returns_for_the_last_unit_create_one_and_refuse_the_other()
    {
        var setup = await ArrangeAsync(stock: 1);
        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(async i =>
        {
            await using var db = database.CreateContext(clock);
            var starter = new ReturnStarter(db, new ReturnEligibility(db, clock), new StockReservations(db, new StockLedger(db), clock), new WarehouseRouting(db), clock);
            return await starter.StartAsync(new StartReturnCommand(setup.Graph.Order.Id,
                [new StartLine(setup.Graph.OrderLine.Id, 1, setup.Graph.Reason.Id, null, setup.OtherVariantId, [])],
                Resolution.Exchange, ReturnMethod.InStore, null, null, "fr", $"race-{i}-{Guid.NewGuid():N}"), "customer", default);
        }));

        results.Count(r => r.Succeeded).ShouldBe(1);
        results.Single(r => !r.Succeeded).Errors.ShouldContain(e => e.Code == "exchange_out_of_stock");
        (await LevelsAsync(setup.OtherVariantId)).ShouldBe([(StockBucket.Sellable, 1, 1)]);
    }

    [Fact]
    public async Task Cancelling_an_exchange_writes_the_release_and_frees_the_unit()
    {
        var setup = await ArrangeAsync(stock: 1);
        string rma;
        await using (var db = database.CreateContext(clock))
        {
            var order = await db.Orders.SingleAsync(o => o.Id == setup.Graph.Order.Id);
            var policy = await db.Policies.SingleAsync(p => p.Id == setup.Graph.Policy.Id);
            var request = ReturnRequest.Create(RmaNumber.Generate(), order, policy,
                [new ReturnLine(setup.Graph.OrderLine.Id, 1, setup.Graph.Reason.Id, null, setup.OtherVariantId, [])],
                Resolution.Exchange, ReturnMethod.InStore, null, setup.Graph.WarehouseId, "fr", "customer", Now);
            db.Returns.Add(request);
            await new StockReservations(db, new StockLedger(db), clock).ReserveForAsync(request, default);
            await db.SaveChangesAsync();
            rma = request.Rma;
        }
        await using (var db = database.CreateContext(clock))
        {
            var request = await db.Returns.SingleAsync(r => r.Rma == rma);
            request.Cancel("customer", Now);
            // No explicit release: the interceptor writes it in the same save.
            await db.SaveChangesAsync();
        }
        (await LevelsAsync(setup.OtherVariantId)).ShouldBe([(StockBucket.Sellable, 1, 0)]);
        await using var check = database.CreateContext(clock);
        (await check.StockMovements.Where(m => m.VariantId == setup.OtherVariantId && m.Cause == StockCause.ExchangeRelease).Select(m => m.Actor).SingleAsync())
            .ShouldBe("customer");
    }
}
