using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Persistence;

public sealed class OutboxMessageRuleTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(10);

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(5, 480)]
    [InlineData(6, 600)]
    [InlineData(40, 600)]
    public void Back_off_doubles_from_the_base_and_stops_at_the_cap(int attempt, int seconds) =>
        OutboxMessage.BackOff(attempt, Base, Max).ShouldBe(TimeSpan.FromSeconds(seconds));

    [Fact]
    public void A_failure_schedules_the_next_try_and_releases_the_lease()
    {
        var message = New();
        message.LockedBy = "a:1";
        message.LockedUntil = Now.AddMinutes(2);

        message.RecordFailure("SocketException: refused", permanent: false, Now, maxAttempts: 3, Base, Max);

        message.Attempts.ShouldBe(1);
        message.NextAttemptAt.ShouldBe(Now + Base);
        message.DeadAt.ShouldBeNull();
        message.LockedBy.ShouldBeNull();
        message.LockedUntil.ShouldBeNull();
        message.LastError.ShouldBe("SocketException: refused");
    }

    [Fact]
    public void The_last_allowed_failure_dead_letters_the_message()
    {
        var message = New();
        message.RecordFailure("x", false, Now, 2, Base, Max);
        message.RecordFailure("y", false, Now.AddMinutes(1), 2, Base, Max);

        message.DeadAt.ShouldBe(Now.AddMinutes(1));
        message.IsPending.ShouldBeFalse();
        Should.Throw<DomainException>(() => message.RecordFailure("z", false, Now, 2, Base, Max));
    }

    [Fact]
    public void A_permanent_failure_dead_letters_at_once_and_a_long_error_is_cut()
    {
        var message = New();
        message.RecordFailure(new string('e', 5000), permanent: true, Now, 8, Base, Max);

        message.DeadAt.ShouldBe(Now);
        message.Attempts.ShouldBe(1);
        message.LastError!.Length.ShouldBe(OutboxMessage.ErrorLength);
    }

    [Fact]
    public void Retry_revives_a_dead_message_but_never_a_sent_one()
    {
        var message = New();
        message.RecordFailure("x", true, Now, 8, Base, Max);

        message.Retry(Now.AddHours(1));

        message.DeadAt.ShouldBeNull();
        message.Attempts.ShouldBe(0);
        message.NextAttemptAt.ShouldBe(Now.AddHours(1));
        message.MarkProcessed(Now.AddHours(2));
        Should.Throw<DomainException>(() => message.Retry(Now.AddHours(3)));
    }

    private static OutboxMessage New() => new() { Type = "t", Payload = "{}", DedupeKey = Guid.NewGuid().ToString(), OccurredAt = Now };
}

public abstract class OutboxDispatchPersistenceTests(TestDatabase database)
{
    [Fact]
    public async Task Dispatch_state_round_trips()
    {
        var at = new DateTime(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);
        var key = $"test:{Guid.NewGuid():N}";
        await using (var db = database.CreateContext())
        {
            var message = new OutboxMessage { Type = "t", Payload = "{}", DedupeKey = key, OccurredAt = at, LockedBy = "host:abc", LockedUntil = at.AddMinutes(2) };
            db.Outbox.Add(message);
            await db.SaveChangesAsync();
            message.RecordFailure("boom", false, at, 5, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5));
            await db.SaveChangesAsync();
        }
        await using var read = database.CreateContext();
        var saved = await read.Outbox.SingleAsync(m => m.DedupeKey == key);
        saved.NextAttemptAt.ShouldBe(at.AddSeconds(30));
        saved.NextAttemptAt!.Value.Kind.ShouldBe(DateTimeKind.Utc);
        saved.LockedBy.ShouldBeNull();
        saved.Attempts.ShouldBe(1);
    }

    [Fact]
    public async Task A_second_sent_record_for_the_same_dedupe_key_is_refused()
    {
        var key = $"test:{Guid.NewGuid():N}";
        await using (var db = database.CreateContext())
        {
            db.SentEmails.Add(Sent(key));
            await db.SaveChangesAsync();
        }
        await using var other = database.CreateContext();
        other.SentEmails.Add(Sent(key));
        await Should.ThrowAsync<DbUpdateException>(() => other.SaveChangesAsync());
    }

    private static SentEmail Sent(string key) => new()
    {
        DedupeKey = key,
        MessageId = "abc@example.fr",
        Recipient = "client@example.fr",
        Subject = "s",
        SentAt = new DateTime(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc),
    };
}

public sealed class OutboxDispatchPersistenceTests_Sqlite(SqliteTestDatabase db) : OutboxDispatchPersistenceTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class OutboxDispatchPersistenceTests_Postgres(PostgresTestDatabase db) : OutboxDispatchPersistenceTests(db), IClassFixture<PostgresTestDatabase>;
