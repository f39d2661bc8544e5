using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Operations;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Operations;

/// <summary>The lease that makes a scheduled job run once per period across instances (ADR 0109).</summary>
public abstract class JobLeaseTests(TestDatabase database)
{
    private static readonly DateTime Now = new(2026, 12, 7, 3, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public async Task Of_two_holders_racing_for_a_new_lease_exactly_one_wins()
    {
        var job = NewJob();
        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(async i =>
        {
            await using var db = database.CreateContext();
            return await JobLeases.TryAcquireAsync(db, job, $"instance-{i}", Hour, Now);
        }));

        results.Count(won => won).ShouldBe(1);
        await using var read = database.CreateContext();
        (await read.JobLeases.SingleAsync(l => l.Name == job)).LeasedUntil.ShouldBe(Now + Hour);
    }

    [Fact]
    public async Task Another_holder_is_refused_until_the_lease_lapses_then_wins()
    {
        var job = NewJob();
        await using var db = database.CreateContext();
        (await JobLeases.TryAcquireAsync(db, job, "a", Hour, Now)).ShouldBeTrue();

        (await JobLeases.TryAcquireAsync(db, job, "b", Hour, Now.AddMinutes(59))).ShouldBeFalse();
        (await JobLeases.TryAcquireAsync(db, job, "b", Hour, Now.AddMinutes(61))).ShouldBeTrue();

        (await JobLeases.TryAcquireAsync(db, job, "a", Hour, Now.AddMinutes(62))).ShouldBeFalse();
        var lease = await db.JobLeases.AsNoTracking().SingleAsync(l => l.Name == job);
        lease.Holder.ShouldBe("b");
        lease.LeasedUntil.ShouldBe(Now.AddMinutes(61) + Hour);
    }

    [Fact]
    public async Task The_same_holder_renews_its_lease_before_it_lapses()
    {
        var job = NewJob();
        await using var db = database.CreateContext();
        (await JobLeases.TryAcquireAsync(db, job, "a", Hour, Now)).ShouldBeTrue();

        (await JobLeases.TryAcquireAsync(db, job, "a", Hour, Now.AddMinutes(30))).ShouldBeTrue();

        (await db.JobLeases.AsNoTracking().SingleAsync(l => l.Name == job)).LeasedUntil.ShouldBe(Now.AddMinutes(90));
        (await JobLeases.TryAcquireAsync(db, job, "b", Hour, Now.AddMinutes(80))).ShouldBeFalse();
    }

    [Fact]
    public void The_process_holder_names_the_machine_and_the_process()
    {
        JobLeases.ProcessHolder.ShouldStartWith($"{Environment.MachineName}:{Environment.ProcessId}:");
        JobLeases.ProcessHolder.Length.ShouldBeLessThanOrEqualTo(JobLease.HolderLength);
    }

    private static string NewJob() => $"job-{Guid.NewGuid():N}";
}

public sealed class JobLeaseTests_Sqlite(SqliteTestDatabase db) : JobLeaseTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class JobLeaseTests_Postgres(PostgresTestDatabase db) : JobLeaseTests(db), IClassFixture<PostgresTestDatabase>;
