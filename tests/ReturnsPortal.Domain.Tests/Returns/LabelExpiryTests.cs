using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Returns;

public sealed class LabelExpiryTests_Sqlite(SqliteTestDatabase db) : LabelExpiryTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class LabelExpiryTests_Postgres(PostgresTestDatabase db) : LabelExpiryTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>An unused label lapses after the policy version's validity; shipped returns never expire.</summary>
public abstract class LabelExpiryTests(TestDatabase database)
{
    [Fact]
    public async Task An_approved_return_expires_when_its_label_validity_has_passed_and_not_a_second_before()
    {
        var clock = new FakeClock();
        string waiting;
        string shipped;
        await using (var db = database.CreateContext(clock))
        {
            var graph = await TestData.InsertReturnGraphAsync(db, clock);
            graph.Policy.LabelValidityDays = 10;
            await db.SaveChangesAsync();
            var unused = await graph.NewReturnAsync(db, "customer", clock.UtcDateTime);
            unused.Approve("system", clock.UtcDateTime);
            var sent = await graph.NewReturnAsync(db, "customer", clock.UtcDateTime);
            sent.Approve("system", clock.UtcDateTime);
            sent.MarkInTransit("6A0000000077", "customer", clock.UtcDateTime);
            db.Returns.AddRange(unused, sent);
            await db.SaveChangesAsync();
            (waiting, shipped) = (unused.Rma, sent.Rma);
        }

        clock.Advance(TimeSpan.FromDays(10) - TimeSpan.FromSeconds(1));
        await using (var db = database.CreateContext(clock))
        {
            (await new LabelExpiry(db, clock).ExpireLapsedAsync(default)).ShouldBe(0);
        }
        clock.Advance(TimeSpan.FromSeconds(1));
        await using (var db = database.CreateContext(clock))
        {
            (await new LabelExpiry(db, clock).ExpireLapsedAsync(default)).ShouldBe(1);
            (await new LabelExpiry(db, clock).ExpireLapsedAsync(default)).ShouldBe(0, "a second pass finds nothing more");
        }

        await using var read = database.CreateContext(clock);
        var statuses = await read.Returns.AsNoTracking().Where(r => r.Rma == waiting || r.Rma == shipped).ToDictionaryAsync(r => r.Rma, r => r.Status);
        statuses[waiting].ShouldBe(ReturnStatus.Expired);
        statuses[shipped].ShouldBe(ReturnStatus.InTransit);
        var last = await read.ReturnHistory.AsNoTracking().Where(h => h.To == ReturnStatus.Expired)
            .Join(read.Returns.Where(r => r.Rma == waiting), h => h.ReturnRequestId, r => r.Id, (h, r) => h).SingleAsync();
        last.At.ShouldBe(clock.UtcDateTime);
    }

    [Fact]
    public async Task A_renewed_label_is_saved_and_expires_again_only_when_the_new_validity_passes()
    {
        var clock = new FakeClock();
        int id;
        await using (var db = database.CreateContext(clock))
        {
            var graph = await TestData.InsertReturnGraphAsync(db, clock);
            graph.Policy.LabelValidityDays = 5;
            await db.SaveChangesAsync();
            var request = await graph.NewReturnAsync(db, "customer", clock.UtcDateTime);
            request.Approve("system", clock.UtcDateTime);
            db.Returns.Add(request);
            await db.SaveChangesAsync();
            id = request.Id;
        }
        clock.Advance(TimeSpan.FromDays(6));
        await using (var db = database.CreateContext(clock))
        {
            (await new LabelExpiry(db, clock).ExpireLapsedAsync(default)).ShouldBe(1);
        }
        await using (var db = database.CreateContext(clock))
        {
            var request = await db.Returns.Include(r => r.Policy).SingleAsync(r => r.Id == id);
            await LabelRenewal.RenewAsync(db, request, clock.UtcDateTime, "customer", default);
            await db.SaveChangesAsync();
        }
        clock.Advance(TimeSpan.FromDays(4));
        await using (var db = database.CreateContext(clock))
        {
            (await new LabelExpiry(db, clock).ExpireLapsedAsync(default)).ShouldBe(0, "the renewed label is valid five days from renewal");
            var saved = await db.Returns.AsNoTracking().SingleAsync(r => r.Id == id);
            saved.Status.ShouldBe(ReturnStatus.Approved);
            saved.LabelValidUntil.ShouldBe(clock.UtcDateTime.AddDays(1));
        }
        clock.Advance(TimeSpan.FromDays(1));
        await using (var db = database.CreateContext(clock))
        {
            (await new LabelExpiry(db, clock).ExpireLapsedAsync(default)).ShouldBe(1);
        }
    }

    [Fact]
    public async Task A_label_is_not_renewed_when_its_items_were_returned_again_after_expiry()
    {
        var clock = new FakeClock();
        await using var db = database.CreateContext(clock);
        var graph = await TestData.InsertReturnGraphAsync(db, clock);
        var lapsed = await graph.NewReturnAsync(db, "customer", clock.UtcDateTime, quantity: 2);
        lapsed.Approve("system", clock.UtcDateTime);
        lapsed.Expire(clock.UtcDateTime.AddDays(31));
        db.Returns.Add(lapsed);
        await db.SaveChangesAsync();
        // The quantities came back to the order at expiry: the customer returns one of the two items again.
        var again = await graph.NewReturnAsync(db, "customer", clock.UtcDateTime.AddDays(32));
        again.Approve("system", clock.UtcDateTime.AddDays(32));
        db.Returns.Add(again);
        await db.SaveChangesAsync();

        var ex = await Should.ThrowAsync<Common.DomainException>(
            () => LabelRenewal.RenewAsync(db, lapsed, clock.UtcDateTime.AddDays(33), "customer", default));

        ex.Code.ShouldBe("return.renew_items_returned_again");
        lapsed.Status.ShouldBe(ReturnStatus.Expired);
    }
}
