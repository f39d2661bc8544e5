using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Returns;

public sealed class ReturnRequestPersistenceTests_Sqlite(SqliteTestDatabase db) : ReturnRequestPersistenceTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class ReturnRequestPersistenceTests_Postgres(PostgresTestDatabase db) : ReturnRequestPersistenceTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>
/// The aggregate's warehouse steps saved and read back on each provider: receipt, grading, close as missing, reject.
/// </summary>
public abstract class ReturnRequestPersistenceTests(TestDatabase database)
{
    private const string Inspector = "inspector@shop.fr";
    // The customer's reason as the portal words it (Web: Wh.CloseMissing.CustomerReason); the domain stores it as given.
    private const string EmptyParcel = "Your parcel reached our warehouse without the items declared in this return, so no refund can be made.";
    private readonly FakeClock clock = new();

    private DateTime Now => clock.UtcDateTime;

    private static Task<ReturnRequest> LoadAsync(ReturnsDbContext db, string rma) =>
        db.Returns.ForWarehouse().SingleAsync(r => r.Rma == rma);

    private async Task<(string Rma, string Email)> InTransitAsync(Resolution resolution = Resolution.Refund, string language = "fr", ReturnGraph? graph = null)
    {
        await using var db = database.CreateContext(clock);
        graph ??= await TestData.InsertReturnGraphAsync(db, clock);
        var policy = await db.Policies.SingleAsync(p => p.Id == graph.Policy.Id);
        policy.StoreCreditBonusPercent = 10;
        var order = await db.Orders.SingleAsync(o => o.Id == graph.Order.Id);
        var request = ReturnRequest.Create(RmaNumber.Generate(), order, policy,
            [new ReturnLine(graph.OrderLine.Id, 1, graph.Reason.Id, null), new ReturnLine(graph.OrderLine.Id, 1, graph.Reason.Id, null)],
            resolution, ReturnMethod.DropOff, graph.DropOffPoint.Id, graph.WarehouseId, language, "customer", Now);
        request.Approve("agent", Now);
        request.MarkInTransit(null, "customer", Now);
        db.Returns.Add(request);
        await db.SaveChangesAsync();
        return (request.Rma, order.Email);
    }

    private static List<LineReceipt> Receipts(ReturnRequest r, ReceiptOutcome first, ReceiptOutcome second)
    {
        var ids = r.Lines.Select(l => l.Id).Order().ToList();
        return [new LineReceipt(ids[0], first, first == ReceiptOutcome.Received ? 1 : 0), new LineReceipt(ids[1], second, second == ReceiptOutcome.Received ? 1 : 0)];
    }

    [Fact]
    public async Task A_receipt_needs_every_line_with_a_sensible_quantity_and_records_what_was_found()
    {
        var rma = await TestData.InsertReturnInTransitAsync(database, clock);
        await using (var db = database.CreateContext(clock))
        {
            var request = await LoadAsync(db, rma);
            var ids = request.Lines.Select(l => l.Id).Order().ToList();
            Should.Throw<DomainException>(() => request.Receive([new LineReceipt(ids[0], ReceiptOutcome.Received, 1)], Inspector, Now))
                .Code.ShouldBe("receipt.every_line");
            Should.Throw<DomainException>(() => request.Receive(
                [new LineReceipt(ids[0], ReceiptOutcome.Received, 2), new LineReceipt(ids[1], ReceiptOutcome.Missing, 0)], Inspector, Now))
                .Code.ShouldBe("receipt.quantity");
            Should.Throw<DomainException>(() => request.Receive(
                [new LineReceipt(ids[0], ReceiptOutcome.Received, 0), new LineReceipt(ids[1], ReceiptOutcome.Missing, 0)], Inspector, Now))
                .Code.ShouldBe("receipt.quantity");
            request.Status.ShouldBe(ReturnStatus.InTransit, "a refused receipt changes nothing");

            request.Receive([new LineReceipt(ids[0], ReceiptOutcome.Received, 1), new LineReceipt(ids[1], ReceiptOutcome.Missing, 5)], Inspector, Now);
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateContext(clock);
        var saved = await LoadAsync(read, rma);
        saved.Status.ShouldBe(ReturnStatus.Received);
        var lines = saved.Lines.OrderBy(l => l.Id).ToList();
        (lines[0].ReceiptOutcome, lines[0].QuantityReceived).ShouldBe((ReceiptOutcome.Received, 1));
        (lines[1].ReceiptOutcome, lines[1].QuantityReceived).ShouldBe((ReceiptOutcome.Missing, 0), "a missing line counts zero whatever was typed");
    }

    [Fact]
    public async Task A_line_not_received_cannot_be_graded_and_grading_the_last_received_line_completes_the_inspection()
    {
        var rma = await TestData.InsertReturnInTransitAsync(database, clock);
        await using var db = database.CreateContext(clock);
        var request = await LoadAsync(db, rma);
        var ids = request.Lines.Select(l => l.Id).Order().ToList();
        Should.Throw<DomainException>(() => request.InspectLine(new LineInspection(ids[0], ItemGrade.A, [], SerialCheck.Matches, null), Inspector, Now))
            .Code.ShouldBe("inspect.status", "grading before the receipt is refused");
        request.Receive([new LineReceipt(ids[0], ReceiptOutcome.Received, 1), new LineReceipt(ids[1], ReceiptOutcome.WrongItem, 0)], Inspector, Now);

        Should.Throw<DomainException>(() => request.InspectLine(new LineInspection(ids[1], ItemGrade.A, [], SerialCheck.Matches, null), Inspector, Now))
            .Code.ShouldBe("inspect.not_received");
        Should.Throw<DomainException>(() => request.InspectLine(new LineInspection(ids[0], ItemGrade.A, ["NOT-IN-POLICY"], SerialCheck.Matches, null), Inspector, Now))
            .Code.ShouldBe("inspect.checklist");
        request.Status.ShouldBe(ReturnStatus.Received);

        request.InspectLine(new LineInspection(ids[0], ItemGrade.C, [], SerialCheck.DoesNotMatch, "  scratched "), Inspector, Now);
        await db.SaveChangesAsync();

        await using var read = database.CreateContext(clock);
        var saved = await LoadAsync(read, rma);
        saved.Status.ShouldBe(ReturnStatus.Inspected);
        var line = saved.Lines.Single(l => l.Id == ids[0]);
        (line.Grade, line.SerialCheck, line.InspectionNotes, line.InspectedBy).ShouldBe((ItemGrade.C, SerialCheck.DoesNotMatch, "scratched", Inspector));
    }

    [Fact]
    public async Task A_parcel_with_none_of_the_declared_items_is_closed_as_missing_without_refund_and_recorded_as_a_dispute()
    {
        var (rma, _) = await InTransitAsync(language: "en");
        await using (var db = database.CreateContext(clock))
        {
            var request = await LoadAsync(db, rma);
            Should.Throw<DomainException>(() => request.CloseAsMissing(EmptyParcel, null, Inspector, Now)).Code.ShouldBe("return.illegal_transition", "not before receipt");
            request.Receive(Receipts(request, ReceiptOutcome.Missing, ReceiptOutcome.WrongItem), Inspector, Now);
            Should.Throw<DomainException>(() => request.CloseAsMissing(" ", null, Inspector, Now)).Code.ShouldBe("close_missing.reason_required");
            Should.Throw<DomainException>(() => request.CloseAsMissing(EmptyParcel, new string('x', ReturnRequest.DisputeNoteLength + 1), Inspector, Now))
                .Code.ShouldBe("close_missing.note_length");
            request.CloseAsMissing(EmptyParcel, "  Box contained a brick ", Inspector, Now);
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateContext(clock);
        var saved = await LoadAsync(read, rma);
        (saved.Status, saved.Dispute.IsOpen, saved.Dispute.Note).ShouldBe((ReturnStatus.Rejected, true, "Box contained a brick"));
        var last = await read.ReturnHistory.SingleAsync(h => h.ReturnRequestId == saved.Id && h.To == ReturnStatus.Rejected);
        (last.From, last.To, last.Actor).ShouldBe((ReturnStatus.Received, ReturnStatus.Rejected, Inspector));
        last.Note.ShouldBe(EmptyParcel, "the customer reads the reason the portal wrote in their language, never the internal note");
        last.Note!.ShouldNotContain("brick");
        (await read.Settlements.AnyAsync(s => s.ReturnRequestId == saved.Id)).ShouldBeFalse("nothing is refunded");
        var outbox = await read.Outbox.Where(m => m.DedupeKey.StartsWith($"return:{rma}:")).Select(m => m.Payload).ToListAsync();
        outbox.ShouldContain(p => p.Contains("\"to\":\"Rejected\"", StringComparison.Ordinal), "the customer is told (rejection e-mail)");
    }

    [Fact]
    public async Task The_dispute_is_a_complex_type_in_its_former_columns_and_queries_on_it_are_translated()
    {
        var (rma, _) = await InTransitAsync();
        await using (var db = database.CreateContext(clock))
        {
            var request = await LoadAsync(db, rma);
            request.Dispute.ShouldBe(Dispute.None);
            request.Receive(Receipts(request, ReceiptOutcome.Missing, ReceiptOutcome.Missing), Inspector, Now);
            request.CloseAsMissing(EmptyParcel, "Empty box", Inspector, Now);
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateContext(clock);
        (await read.Returns.Where(r => r.Rma == rma && r.Dispute.IsOpen).Select(r => r.Dispute.Note).SingleAsync()).ShouldBe("Empty box");
        // Analytics and support scripts read these columns by name (ADR 0103).
        (await read.Database.SqlQuery<string>($"SELECT \"DisputeNote\" AS \"Value\" FROM \"ReturnRequests\" WHERE \"Rma\" = {rma} AND \"IsDisputed\"")
            .SingleAsync()).ShouldBe("Empty box");
    }

    [Fact]
    public async Task Assistance_is_a_complex_type_in_its_former_columns_and_an_unassisted_return_reads_back_as_none()
    {
        await using (var db = database.CreateContext(clock))
        {
            var graph = await TestData.InsertReturnGraphAsync(db, clock);
            var order = await db.Orders.SingleAsync(o => o.Id == graph.Order.Id);
            var policy = await db.Policies.SingleAsync(p => p.Id == graph.Policy.Id);
            ReturnRequest Make() => ReturnRequest.Create(RmaNumber.Generate(), order, policy, [new ReturnLine(graph.OrderLine.Id, 1, graph.Reason.Id, null)],
                Resolution.Refund, ReturnMethod.DropOff, graph.DropOffPoint.Id, graph.WarehouseId, "fr", "customer", Now);
            var assisted = Make();
            assisted.RecordAssistance(new AssistedStart("agent@shop.fr", AssistChannel.Phone), new Dictionary<int, IneligibleReason>());
            var alone = Make();
            db.Returns.AddRange(assisted, alone);
            await db.SaveChangesAsync();

            await using var read = database.CreateContext(clock);
            (await read.Returns.Where(r => r.Id == assisted.Id && r.Assistance.By != null && r.Assistance.Channel == AssistChannel.Phone)
                .Select(r => r.Assistance).SingleAsync()).ShouldBe(new Assistance("agent@shop.fr", AssistChannel.Phone));
            (await read.Returns.SingleAsync(r => r.Id == alone.Id)).Assistance.ShouldBe(Assistance.None);
            (await read.Database.SqlQuery<string>($"SELECT \"AssistedBy\" || '/' || \"AssistChannel\" AS \"Value\" FROM \"ReturnRequests\" WHERE \"Id\" = {assisted.Id}")
                .SingleAsync()).ShouldBe("agent@shop.fr/Phone");
        }
    }

    [Fact]
    public async Task Close_as_missing_is_refused_when_an_item_was_received_and_a_received_return_can_be_rejected_with_a_reason()
    {
        var (rma, _) = await InTransitAsync();
        await using var db = database.CreateContext(clock);
        var request = await LoadAsync(db, rma);
        request.Receive(Receipts(request, ReceiptOutcome.Received, ReceiptOutcome.Missing), Inspector, Now);
        Should.Throw<DomainException>(() => request.CloseAsMissing(EmptyParcel, null, Inspector, Now)).Code.ShouldBe("close_missing.items_received");
        Should.Throw<DomainException>(() => request.Reject(" ", Inspector, Now)).Code.ShouldBe("return.note_required");
        request.Status.ShouldBe(ReturnStatus.Received);

        request.Reject("Not an item from our shop", Inspector, Now);
        await db.SaveChangesAsync();

        (await db.Returns.Where(r => r.Rma == rma).Select(r => new { r.Status, IsDisputed = r.Dispute.IsOpen }).SingleAsync())
            .ShouldBe(new { Status = ReturnStatus.Rejected, IsDisputed = false });
    }
}
