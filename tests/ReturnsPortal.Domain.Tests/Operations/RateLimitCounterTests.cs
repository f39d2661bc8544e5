using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Operations;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Operations;

/// <summary>Fixed-window counters in the database, shared by every instance (ADR 0111).</summary>
public abstract class RateLimitCounterTests(TestDatabase database)
{
    private static readonly DateTime Now = new(2026, 12, 7, 3, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task Fifty_concurrent_takes_on_one_key_allow_exactly_the_limit()
    {
        var key = NewKey();
        var takes = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            await using var db = database.CreateContext();
            return await RateLimitCounters.TakeAsync(db, key, 10, Window, Now);
        }));

        takes.Count(t => t.Allowed).ShouldBe(10);
        takes.Where(t => t.Allowed).Select(t => t.Count).Order().ShouldBe(Enumerable.Range(1, 10));
        takes.ShouldAllBe(t => t.WindowEnd == Now + Window, "one window for all");
        await using var read = database.CreateContext();
        (await read.RateLimitCounters.SingleAsync(c => c.Key == key)).Count.ShouldBe(11, "refused takes stop counting at limit + 1");
    }

    [Fact]
    public async Task Over_the_limit_a_take_is_refused_until_the_window_ends_then_a_new_window_starts()
    {
        var key = NewKey();
        await using var db = database.CreateContext();
        for (var i = 0; i < 3; i++)
        {
            (await RateLimitCounters.TakeAsync(db, key, 3, Window, Now.AddMinutes(i))).Allowed.ShouldBeTrue();
        }

        var refused = await RateLimitCounters.TakeAsync(db, key, 3, Window, Now.AddMinutes(10));
        refused.Allowed.ShouldBeFalse();
        refused.RetryAfter(Now.AddMinutes(10)).ShouldBe(TimeSpan.FromMinutes(5), "the window opened by the first take ends at +15 min");
        (await RateLimitCounters.TakeAsync(db, key, 3, Window, Now + Window - TimeSpan.FromSeconds(1))).Allowed.ShouldBeFalse();

        var renewed = await RateLimitCounters.TakeAsync(db, key, 3, Window, Now + Window);
        renewed.Allowed.ShouldBeTrue();
        renewed.Count.ShouldBe(1);
        renewed.WindowEnd.ShouldBe(Now + Window + Window);
        renewed.WindowEnd.Kind.ShouldBe(DateTimeKind.Utc);
    }

    [Fact]
    public async Task Keys_count_apart()
    {
        var (first, second) = (NewKey(), NewKey());
        await using var db = database.CreateContext();
        (await RateLimitCounters.TakeAsync(db, first, 1, Window, Now)).Allowed.ShouldBeTrue();
        (await RateLimitCounters.TakeAsync(db, first, 1, Window, Now)).Allowed.ShouldBeFalse();

        (await RateLimitCounters.TakeAsync(db, second, 1, Window, Now)).Allowed.ShouldBeTrue();
    }

    [Fact]
    public void A_refused_client_is_told_to_wait_at_least_one_second()
    {
        new RateLimitTake(false, 4, Now).RetryAfter(Now).ShouldBe(TimeSpan.FromSeconds(1));
        new RateLimitTake(false, 4, Now).RetryAfter(Now.AddMinutes(1)).ShouldBe(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Expired_counters_are_removed_and_running_ones_kept()
    {
        var (expired, running) = (NewKey(), NewKey());
        await using var db = database.CreateContext();
        await RateLimitCounters.TakeAsync(db, expired, 5, TimeSpan.FromMinutes(1), Now);
        await RateLimitCounters.TakeAsync(db, running, 5, Window, Now);

        await RateLimitCounters.DeleteExpiredAsync(db, Now.AddMinutes(1));

        var left = await db.RateLimitCounters.AsNoTracking().Where(c => c.Key == expired || c.Key == running).Select(c => c.Key).ToListAsync();
        left.ShouldBe([running]);
    }

    [Fact]
    public async Task A_permit_given_back_can_be_taken_again_but_never_below_zero_nor_after_the_window()
    {
        var key = NewKey();
        await using var db = database.CreateContext();
        (await RateLimitCounters.TakeAsync(db, key, 1, Window, Now)).Allowed.ShouldBeTrue();
        (await RateLimitCounters.GiveBackAsync(db, key, Now)).ShouldBe(1);

        (await RateLimitCounters.TakeAsync(db, key, 1, Window, Now)).Allowed.ShouldBeTrue("the right proof is not a failure");
        (await RateLimitCounters.TakeAsync(db, key, 1, Window, Now)).Allowed.ShouldBeFalse();

        (await RateLimitCounters.GiveBackAsync(db, NewKey(), Now)).ShouldBe(0, "no counter, nothing to give back");
        (await RateLimitCounters.GiveBackAsync(db, key, Now + Window)).ShouldBe(0, "the window ended");
        await RateLimitCounters.GiveBackAsync(db, key, Now);
        await RateLimitCounters.GiveBackAsync(db, key, Now);
        await RateLimitCounters.GiveBackAsync(db, key, Now);
        (await db.RateLimitCounters.AsNoTracking().SingleAsync(c => c.Key == key)).Count.ShouldBe(0);
    }

    private static string NewKey() => $"test:{Guid.NewGuid():N}";
}

public sealed class RateLimitCounterTests_Sqlite(SqliteTestDatabase db) : RateLimitCounterTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class RateLimitCounterTests_Postgres(PostgresTestDatabase db) : RateLimitCounterTests(db), IClassFixture<PostgresTestDatabase>;
