using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;
using ReturnsPortal.Domain.Withdrawals;

namespace ReturnsPortal.Domain.Tests.Persistence;

public sealed class DomainEventDispatcherTests_Sqlite(SqliteTestDatabase db) : DomainEventDispatcherTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class DomainEventDispatcherTests_Postgres(PostgresTestDatabase db) : DomainEventDispatcherTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>The consequences of a change happen in its save, through the domain events and their handlers (ADR 0098).</summary>
public abstract class DomainEventDispatcherTests(TestDatabase database)
{
    private const string Inspector = "inspector@shop.fr";
    private readonly FakeClock clock = new();

    private DateTime Now => clock.UtcDateTime;

    private async Task<string> InspectedAsync()
    {
        string rma;
        await using (var db = database.CreateContext(clock))
        {
            var graph = await TestData.InsertReturnGraphAsync(db, clock);
            await TestData.EnsureWarehouseAsync(db);
            var order = await db.Orders.SingleAsync(o => o.Id == graph.Order.Id);
            var request = ReturnRequest.Create(RmaNumber.Generate(), order, graph.Policy,
                [new ReturnLine(graph.OrderLine.Id, 1, graph.Reason.Id, null), new ReturnLine(graph.OrderLine.Id, 1, graph.Reason.Id, "second")],
                Resolution.Refund, ReturnMethod.DropOff, graph.DropOffPoint.Id, graph.WarehouseId, "fr", "customer", Now);
            request.Approve("agent", Now);
            db.Returns.Add(request);
            await db.SaveChangesAsync();
            rma = request.Rma;
        }
        await using (var db = database.CreateContext(clock))
        {
            var request = await db.Returns.ForWarehouse().SingleAsync(r => r.Rma == rma);
            request.Receive([.. request.Lines.Select(l => new LineReceipt(l.Id, ReceiptOutcome.Received, 1))], Inspector, Now);
            foreach (var line in request.Lines)
            {
                request.InspectLine(new LineInspection(line.Id, ItemGrade.A, [], SerialCheck.NotApplicable, null), Inspector, Now);
            }
            await db.SaveChangesAsync();
        }
        return rma;
    }

    [Fact]
    public async Task Deciding_and_saving_alone_settles_the_return_moves_its_stock_and_announces_both()
    {
        var rma = await InspectedAsync();
        await using (var db = database.CreateContext(clock, Inspector))
        {
            var request = await db.Returns.ForWarehouse().SingleAsync(r => r.Rma == rma);
            request.Decide([.. request.Lines.Select(l => new LineDecisionInput(l.Id, LineVerdict.Accept, Disposition.Restock, null))], Inspector, Now);
            await db.SaveChangesAsync();
            request.DomainEvents.ShouldBeEmpty("dispatched events are cleared");
        }

        await using var check = database.CreateContext(clock);
        var returnId = await check.Returns.Where(r => r.Rma == rma).Select(r => r.Id).SingleAsync();
        var settlement = await check.Settlements.SingleAsync(s => s.ReturnRequestId == returnId);
        (settlement.Kind, settlement.Status, settlement.Amount, settlement.CreatedBy)
            .ShouldBe((SettlementKind.Refund, SettlementStatus.Sent, Money.Eur(2 * TestData.UnitPrice), Inspector), "handed to the finance queue, not paid");
        var lineIds = await check.ReturnLines.Where(l => l.ReturnRequestId == returnId).Select(l => l.Id).ToListAsync();
        (await check.StockMovements.CountAsync(m => m.ReturnLineId != null && lineIds.Contains(m.ReturnLineId.Value))).ShouldBe(2);
        var types = await check.Outbox.Where(m => m.Payload.Contains(rma) || m.DedupeKey.StartsWith("stock:disp:"))
            .Select(m => m.Type).ToListAsync();
        types.ShouldContain(MessageTypes.SettlementUpdated);
        types.ShouldNotContain(MessageTypes.RefundIssued, "the customer hears of the refund when it is paid");
        types.Count(t => t == MessageTypes.StockChanged).ShouldBeGreaterThanOrEqualTo(2);
        (await check.Outbox.CountAsync(m => m.DedupeKey.StartsWith($"settlement:{settlement.IdempotencyKey}:"))).ShouldBe(2, "Instructed, then Sent");
    }

    [Fact]
    public async Task A_synchronous_save_with_events_to_dispatch_is_refused_and_saves_nothing()
    {
        var rma = await InspectedAsync();
        await using (var db = database.CreateContext(clock, Inspector))
        {
            var request = await db.Returns.ForWarehouse().SingleAsync(r => r.Rma == rma);
            request.Reject("not ours", Inspector, Now);
            Should.Throw<InvalidOperationException>(() => db.SaveChanges()).Message.ShouldContain("SaveChangesAsync");
        }

        await using var check = database.CreateContext(clock);
        (await check.Returns.Where(r => r.Rma == rma).Select(r => r.Status).SingleAsync()).ShouldBe(ReturnStatus.Inspected);
    }
}

/// <summary>Events recorded by the aggregates, and the payloads' JSON, without a database.</summary>
public sealed class DomainEventRecordingTests
{
    private static readonly DateTime At = new(2026, 3, 2, 9, 30, 0, DateTimeKind.Utc);

    [Fact]
    public void A_new_return_records_its_creation_and_each_move_records_a_status_change()
    {
        var order = new Domain.Orders.Order { Id = 3, Number = "CMD-1001", Email = "client@example.fr", CustomerName = "Camille Martin", Postcode = "69003" };
        var request = ReturnRequest.Create("RP-7KXM-4QHT", order, new Domain.Policies.ReturnPolicy { Id = 1, Name = "Default" },
            [new ReturnLine(1, 1, 1, "Too small")], Resolution.Refund, ReturnMethod.DropOff, 7, 1, "fr", "client@example.fr", At);

        request.DomainEvents.ShouldHaveSingleItem().ShouldBeOfType<ReturnStatusChanged>().Change.From.ShouldBeNull();
        request.Cancel("customer", At);

        request.DomainEvents.Select(e => e.GetType()).ShouldBe([typeof(ReturnStatusChanged), typeof(ReturnStatusChanged), typeof(ReturnCancelled)]);
        request.ClearDomainEvents();
        request.DomainEvents.ShouldBeEmpty();
    }

    [Fact]
    public void Payloads_keep_the_field_names_and_order_webhook_receivers_read()
    {
        MessageJson.Write(new ReturnStatusPayload("RP-1", 7, "Approved", "Cancelled", At, "customer", null, "fr")).ShouldBe(
            """{"rma":"RP-1","orderId":7,"from":"Approved","to":"Cancelled","at":"2026-03-02T09:30:00Z","actor":"customer","note":null,"language":"fr"}""");
        MessageJson.Write(new StockChangedPayload("SKU-1", "LYS", "Sellable", 1, 0, 3, "ReturnDisposition", At)).ShouldBe(
            """{"sku":"SKU-1","warehouse":"LYS","bucket":"Sellable","quantity":1,"reserved":0,"level":3,"cause":"ReturnDisposition","at":"2026-03-02T09:30:00Z"}""");
        MessageJson.Read<ReturnStatusPayload>("""{"rma":"RP-1","to":"Resolved"}""").To.ShouldBe("Resolved");
    }
}
