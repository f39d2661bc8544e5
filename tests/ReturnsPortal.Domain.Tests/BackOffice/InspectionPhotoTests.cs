using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.BackOffice;

public sealed class InspectionPhotoTests_Sqlite(SqliteTestDatabase db) : InspectionPhotoTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class InspectionPhotoTests_Postgres(PostgresTestDatabase db) : InspectionPhotoTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>Photos kept with a line's inspection: at most five per line, counted in the inspection's audit entry.</summary>
public abstract class InspectionPhotoTests(TestDatabase database)
{
    private readonly FakeClock clock = new();

    private static InspectionPhoto Photo(int i) => new($"inspections/{i}.png", "image/png", $"{i}.png", 100);

    /// <summary>A saved return with two received lines, ready to inspect.</summary>
    private async Task<string> ReceivedAsync()
    {
        await using var db = database.CreateContext(clock);
        var graph = await TestData.InsertReturnGraphAsync(db, clock);
        var order = await db.Orders.SingleAsync(o => o.Id == graph.Order.Id);
        var request = ReturnRequest.Create(RmaNumber.Generate(), order, graph.Policy,
            [new ReturnLine(graph.OrderLine.Id, 1, graph.Reason.Id, null), new ReturnLine(graph.OrderLine.Id, 1, graph.Reason.Id, null)],
            Resolution.Refund, ReturnMethod.DropOff, graph.DropOffPoint.Id, graph.WarehouseId, "fr", "customer", clock.UtcDateTime);
        request.Approve("agent", clock.UtcDateTime);
        request.MarkInTransit("6A0000000002", "customer", clock.UtcDateTime);
        db.Returns.Add(request);
        await db.SaveChangesAsync();
        var ids = request.Lines.Select(l => l.Id).ToList();
        request.Receive([.. ids.Select(id => new LineReceipt(id, ReceiptOutcome.Received, 1))], "inspector", clock.UtcDateTime);
        await db.SaveChangesAsync();
        return request.Rma;
    }

    [Fact]
    public async Task Photos_are_saved_with_the_line_and_the_completed_inspection_notes_their_count()
    {
        var rma = await ReceivedAsync();
        await using (var db = database.CreateContext(clock))
        {
            var request = await db.Returns.ForWarehouse().SingleAsync(r => r.Rma == rma);
            var ids = request.Lines.Select(l => l.Id).Order().ToList();
            request.InspectLine(new LineInspection(ids[0], ItemGrade.C, [], SerialCheck.NotApplicable, null), [Photo(1), Photo(2)], "inspector", clock.UtcDateTime);
            request.InspectLine(new LineInspection(ids[1], ItemGrade.A, [], SerialCheck.NotApplicable, null), [Photo(3)], "inspector", clock.UtcDateTime);
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateContext(clock);
        var saved = await read.Returns.ForWarehouse().Include(r => r.History).AsNoTracking().SingleAsync(r => r.Rma == rma);
        saved.Status.ShouldBe(ReturnStatus.Inspected);
        saved.Lines.OrderBy(l => l.Id).Select(l => l.InspectionPhotos.Count).ShouldBe([2, 1]);
        saved.History.Single(h => h.To == ReturnStatus.Inspected).Note.ShouldBe("Inspection photos: 3");
        saved.History.Count(h => h.To == ReturnStatus.Received).ShouldBe(1, "no status-less entry is added");
    }

    [Fact]
    public async Task A_sixth_photo_on_a_line_is_refused_and_the_line_stays_ungraded()
    {
        var rma = await ReceivedAsync();
        await using var db = database.CreateContext(clock);
        var request = await db.Returns.ForWarehouse().SingleAsync(r => r.Rma == rma);
        var id = request.Lines.Min(l => l.Id);
        request.InspectLine(new LineInspection(id, ItemGrade.C, [], SerialCheck.NotApplicable, null), [.. Enumerable.Range(1, 5).Select(Photo)], "inspector", clock.UtcDateTime);

        Should.Throw<DomainException>(() => request.InspectLine(
            new LineInspection(id, ItemGrade.D, [], SerialCheck.NotApplicable, null), [Photo(6)], "inspector", clock.UtcDateTime))
            .Code.ShouldBe("inspect.photos");
        request.Lines.Single(l => l.Id == id).Grade.ShouldBe(ItemGrade.C);
    }
}
