using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Integrations;

public sealed class CarrierEventTests_Sqlite(SqliteTestDatabase db) : CarrierEventTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class CarrierEventTests_Postgres(PostgresTestDatabase db) : CarrierEventTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>Carrier scans on the aggregate: in transit once, arriving once, late or repeated scans change nothing; saved and read back.</summary>
public abstract class CarrierEventTests(TestDatabase database)
{
    private readonly FakeClock clock = new();

    private DateTime Now => clock.UtcDateTime;

    [Fact]
    public async Task Scans_move_an_approved_return_in_transit_then_mark_it_arriving_each_once()
    {
        string rma;
        await using (var db = database.CreateContext(clock))
        {
            var graph = await TestData.InsertReturnGraphAsync(db, clock);
            var request = await graph.NewReturnAsync(db, "customer", Now);
            request.Approve("agent", Now);
            db.Returns.Add(request);
            await db.SaveChangesAsync();
            rma = request.Rma;
        }

        await using (var db = database.CreateContext(clock))
        {
            var request = await db.Returns.Include(r => r.History).SingleAsync(r => r.Rma == rma);
            request.ApplyCarrierEvent(CarrierEvent.PickedUp, "carrier", Now).ShouldBeTrue();
            request.ApplyCarrierEvent(CarrierEvent.InTransit, "carrier", Now).ShouldBeFalse();
            request.ApplyCarrierEvent(CarrierEvent.DeliveredToWarehouse, "carrier", Now.AddHours(5)).ShouldBeTrue();
            request.ApplyCarrierEvent(CarrierEvent.DeliveredToWarehouse, "carrier", Now.AddHours(6)).ShouldBeFalse();
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateContext(clock))
        {
            var request = await db.Returns.Include(r => r.History).SingleAsync(r => r.Rma == rma);
            request.Status.ShouldBe(ReturnStatus.InTransit);
            request.ArrivingAt.ShouldBe(Now.AddHours(5));
            request.History.Count(h => h.To == ReturnStatus.InTransit).ShouldBe(1);
            (await db.Outbox.CountAsync(m => m.DedupeKey.StartsWith("return:" + rma))).ShouldBe(3);
            request.Receive("inspector", Now.AddHours(7));
            request.ApplyCarrierEvent(CarrierEvent.InTransit, "carrier", Now.AddHours(8)).ShouldBeFalse("a late scan");
            request.Status.ShouldBe(ReturnStatus.Received);
        }
    }

    [Fact]
    public async Task A_return_not_waiting_for_a_parcel_refuses_scans()
    {
        await using var db = database.CreateContext(clock);
        var graph = await TestData.InsertReturnGraphAsync(db, clock);
        var requested = await graph.NewReturnAsync(db, "customer", Now);
        var cancelled = await graph.NewReturnAsync(db, "customer", Now);
        cancelled.Cancel("customer", Now);

        Should.Throw<DomainException>(() => requested.ApplyCarrierEvent(CarrierEvent.PickedUp, "carrier", Now)).Code.ShouldBe("return.not_shippable");
        Should.Throw<DomainException>(() => cancelled.ApplyCarrierEvent(CarrierEvent.DeliveredToWarehouse, "carrier", Now)).Code.ShouldBe("return.not_shippable");
    }
}
