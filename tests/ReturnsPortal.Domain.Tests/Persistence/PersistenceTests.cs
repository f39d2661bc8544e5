using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Persistence;

public sealed class PersistenceTests_Sqlite(SqliteTestDatabase db) : PersistenceTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class PersistenceTests_Postgres(PostgresTestDatabase db) : PersistenceTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>The model, migrations and interceptors against a real database, the same cases on each provider.</summary>
public abstract class PersistenceTests(TestDatabase database)
{
    private readonly FakeClock clock = new();

    [Fact]
    public async Task The_migrations_match_the_model()
    {
        await using var db = database.CreateContext();

        (await db.Database.GetAppliedMigrationsAsync()).ShouldNotBeEmpty();
        (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
        db.Database.HasPendingModelChanges().ShouldBeFalse("a model change has no migration for this provider");
    }

    [Fact]
    public async Task A_return_with_its_lines_round_trips()
    {
        var (graph, rma) = await SaveNewReturnAsync();

        await using var db = database.CreateContext(clock);
        var loaded = await db.Returns.Include(r => r.Lines).Include(r => r.History).SingleAsync(r => r.Rma == rma);
        loaded.Status.ShouldBe(ReturnStatus.Requested);
        loaded.Resolution.ShouldBe(Resolution.Refund);
        loaded.Method.ShouldBe(ReturnMethod.DropOff);
        loaded.DropOffPointId.ShouldBe(graph.DropOffPoint.Id);
        loaded.OrderId.ShouldBe(graph.Order.Id);
        loaded.PolicyId.ShouldBe(graph.Policy.Id);
        var line = loaded.Lines.ShouldHaveSingleItem();
        line.OrderLineId.ShouldBe(graph.OrderLine.Id);
        line.Quantity.ShouldBe(1);
        line.ReasonId.ShouldBe(graph.Reason.Id);
        line.Comment.ShouldBe("Taille trop juste");
        var created = loaded.History.ShouldHaveSingleItem();
        created.From.ShouldBeNull();
        created.To.ShouldBe(ReturnStatus.Requested);
        created.At.ShouldBe(clock.UtcDateTime);
        created.At.Kind.ShouldBe(DateTimeKind.Utc);
        loaded.CreatedAt.Kind.ShouldBe(DateTimeKind.Utc);

        var status = await db.Database
            .SqlQuery<string>($"SELECT \"Status\" AS \"Value\" FROM \"ReturnRequests\" WHERE \"Rma\" = {rma}")
            .SingleAsync();
        status.ShouldBe("Requested");
    }

    [Fact]
    public async Task Money_round_trips_in_minor_units_and_currency()
    {
        var graph = await InsertGraphAsync();

        await using var db = database.CreateContext(clock);
        var line = await db.OrderLines.Include(l => l.Variant).SingleAsync(l => l.Id == graph.OrderLine.Id);
        line.UnitPricePaid.ShouldBe(Common.Money.Eur(TestData.UnitPrice));
        line.Variant!.Price.ShouldBe(Common.Money.Eur(TestData.UnitPrice));
        var order = await db.Orders.SingleAsync(o => o.Id == graph.Order.Id);
        order.DeliveredAt.ShouldBe(clock.UtcDateTime.AddDays(-3));
        order.DeliveredAt!.Value.Kind.ShouldBe(DateTimeKind.Utc);
        order.PlacedAt.Kind.ShouldBe(DateTimeKind.Utc);

        var minor = await db.Database
            .SqlQuery<long>($"SELECT \"UnitPriceMinor\" AS \"Value\" FROM \"OrderLines\" WHERE \"Id\" = {graph.OrderLine.Id}")
            .SingleAsync();
        minor.ShouldBe(TestData.UnitPrice);
        var currency = await db.Database
            .SqlQuery<string>($"SELECT \"UnitPriceCurrency\" AS \"Value\" FROM \"OrderLines\" WHERE \"Id\" = {graph.OrderLine.Id}")
            .SingleAsync();
        currency.ShouldBe("EUR");
    }

    [Fact]
    public async Task A_new_return_writes_one_created_message_and_each_move_one_status_message()
    {
        var (_, rma) = await SaveNewReturnAsync();
        (await OutboxTypesAsync(rma)).ShouldBe([Domain.Notifications.MessageTypes.ReturnCreated]);

        await using (var db = database.CreateContext(clock, "agent"))
        {
            var request = await db.Returns.Include(r => r.Policy).SingleAsync(r => r.Rma == rma);
            clock.Advance(TimeSpan.FromHours(1));
            request.Approve("agent", clock.UtcDateTime);
            await db.SaveChangesAsync();
            (await OutboxTypesAsync(rma)).ShouldBe([Domain.Notifications.MessageTypes.ReturnCreated, Domain.Notifications.MessageTypes.ReturnStatusChanged]);

            clock.Advance(TimeSpan.FromHours(1));
            request.MarkInTransit("6A1234567890", "customer", clock.UtcDateTime);
            request.Receive("warehouse", clock.UtcDateTime.AddMinutes(5));
            await db.SaveChangesAsync();
        }

        await using var check = database.CreateContext();
        var messages = await check.Outbox.Where(m => m.DedupeKey.StartsWith("return:" + rma + ":")).OrderBy(m => m.Id).ToListAsync();
        messages.Select(m => m.Type).ShouldBe(
        [
            Domain.Notifications.MessageTypes.ReturnCreated, Domain.Notifications.MessageTypes.ReturnStatusChanged,
            Domain.Notifications.MessageTypes.ReturnStatusChanged, Domain.Notifications.MessageTypes.ReturnStatusChanged,
        ]);
        messages[^1].Payload.ShouldContain("\"to\":\"Received\"");
        messages[^1].OccurredAt.ShouldBe(clock.UtcDateTime.AddMinutes(5));
        messages[^1].OccurredAt.Kind.ShouldBe(DateTimeKind.Utc);
        messages.ShouldAllBe(m => m.ProcessedAt == null);
        var id = await check.Returns.Where(r => r.Rma == rma).Select(r => r.Id).SingleAsync();
        (await check.ReturnHistory.CountAsync(h => h.ReturnRequestId == id)).ShouldBe(messages.Count);
    }

    [Fact]
    public async Task A_failed_save_writes_neither_the_move_nor_its_message()
    {
        var (_, rma) = await SaveNewReturnAsync();
        await using var first = database.CreateContext(clock, "alice");
        await using var second = database.CreateContext(clock, "bob");
        var mine = await first.Returns.Include(r => r.Policy).SingleAsync(r => r.Rma == rma);
        var theirs = await second.Returns.Include(r => r.Policy).SingleAsync(r => r.Rma == rma);

        clock.Advance(TimeSpan.FromMinutes(1));
        theirs.Cancel("bob", clock.UtcDateTime);
        await second.SaveChangesAsync();
        mine.Approve("alice", clock.UtcDateTime);
        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => first.SaveChangesAsync());

        (await OutboxTypesAsync(rma)).ShouldBe([Domain.Notifications.MessageTypes.ReturnCreated, Domain.Notifications.MessageTypes.ReturnStatusChanged]);
        await using var check = database.CreateContext();
        var stored = await check.Returns.Include(r => r.History).Include(r => r.Policy).SingleAsync(r => r.Rma == rma);
        stored.Status.ShouldBe(ReturnStatus.Cancelled);
        stored.History.Select(h => h.To).OrderBy(s => s).ShouldBe([ReturnStatus.Requested, ReturnStatus.Cancelled]);
        (await check.Outbox.CountAsync(m => m.Payload.Contains("\"to\":\"Approved\"") && m.DedupeKey.StartsWith("return:" + rma + ":"))).ShouldBe(0);
    }

    [Fact]
    public async Task The_audit_stamps_come_from_the_clock_and_the_actor()
    {
        var (_, rma) = await SaveNewReturnAsync(actor: "alice");
        var createdAt = clock.UtcDateTime;

        clock.Advance(TimeSpan.FromHours(2));
        await using (var db = database.CreateContext(clock, "bob"))
        {
            var request = await db.Returns.Include(r => r.Policy).SingleAsync(r => r.Rma == rma);
            request.Approve("bob", clock.UtcDateTime);
            await db.SaveChangesAsync();
        }

        await using var check = database.CreateContext();
        var stored = await check.Returns.Include(r => r.Policy).SingleAsync(r => r.Rma == rma);
        stored.CreatedAt.ShouldBe(createdAt);
        stored.CreatedBy.ShouldBe("alice");
        stored.UpdatedAt.ShouldBe(clock.UtcDateTime);
        stored.UpdatedBy.ShouldBe("bob");
        stored.UpdatedAt.Kind.ShouldBe(DateTimeKind.Utc);
        stored.Version.ShouldBe(1);
    }

    [Fact]
    public async Task Adding_only_a_history_entry_still_moves_the_version()
    {
        var (_, rma) = await SaveNewReturnAsync();
        await using var db = database.CreateContext(clock);
        var request = await db.Returns.Include(r => r.History).Include(r => r.Policy).SingleAsync(r => r.Rma == rma);
        var before = request.Version;

        request.Approve("agent", clock.UtcDateTime);
        await db.SaveChangesAsync();

        request.Version.ShouldBe(before + 1);
    }

    [Fact]
    public async Task The_second_of_two_concurrent_edits_fails()
    {
        var (_, rma) = await SaveNewReturnAsync();
        await using var first = database.CreateContext(clock, "alice");
        await using var second = database.CreateContext(clock, "bob");
        var a = await first.Returns.Include(r => r.Policy).SingleAsync(r => r.Rma == rma);
        var b = await second.Returns.Include(r => r.Policy).SingleAsync(r => r.Rma == rma);

        a.Approve("alice", clock.UtcDateTime);
        await first.SaveChangesAsync();
        b.Reject("Outside the window", "bob", clock.UtcDateTime);

        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        await using var check = database.CreateContext();
        (await check.Returns.SingleAsync(r => r.Rma == rma)).Status.ShouldBe(ReturnStatus.Approved);
    }

    [Theory]
    [InlineData(DateTimeKind.Local)]
    [InlineData(DateTimeKind.Unspecified)]
    public async Task A_time_that_is_not_utc_is_refused_on_save(DateTimeKind kind)
    {
        var graph = await InsertGraphAsync();
        await using var db = database.CreateContext(clock);
        var order = await db.Orders.SingleAsync(o => o.Id == graph.Order.Id);

        order.ShippedAt = DateTime.SpecifyKind(clock.UtcDateTime, kind);

        // SQLite would store it silently: the UTC converter refuses it. Npgsql refuses it for timestamptz itself.
        var ex = await Should.ThrowAsync<Exception>(() => db.SaveChangesAsync());
        var messages = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
        }
        messages.ShouldContain(m => m.Contains("UTC", StringComparison.Ordinal), ex.ToString());
        await using var check = database.CreateContext();
        (await check.Orders.SingleAsync(o => o.Id == graph.Order.Id)).ShippedAt.ShouldBe(clock.UtcDateTime.AddDays(-5));
    }

    [Fact]
    public async Task A_duplicate_rma_is_refused()
    {
        var (graph, rma) = await SaveNewReturnAsync();
        await using var db = database.CreateContext(clock);
        db.Returns.Add(await graph.NewReturnAsync(db, "customer", clock.UtcDateTime, rma));

        await Should.ThrowAsync<DbUpdateException>(() => db.SaveChangesAsync());
        await using var check = database.CreateContext();
        (await check.Returns.CountAsync(r => r.Rma == rma)).ShouldBe(1);
    }

    private async Task<ReturnGraph> InsertGraphAsync()
    {
        await using var db = database.CreateContext(clock, "seed");
        return await TestData.InsertReturnGraphAsync(db, clock);
    }

    private async Task<(ReturnGraph Graph, string Rma)> SaveNewReturnAsync(string actor = "customer")
    {
        var graph = await InsertGraphAsync();
        await using var db = database.CreateContext(clock, actor);
        var request = await graph.NewReturnAsync(db, actor, clock.UtcDateTime);
        db.Returns.Add(request);
        await db.SaveChangesAsync();
        return (graph, request.Rma);
    }

    private async Task<List<string>> OutboxTypesAsync(string rma)
    {
        await using var db = database.CreateContext();
        return await db.Outbox.Where(m => m.DedupeKey.StartsWith("return:" + rma + ":")).OrderBy(m => m.Id).Select(m => m.Type).ToListAsync();
    }
}
