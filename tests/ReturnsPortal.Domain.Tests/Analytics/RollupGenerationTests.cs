using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Analytics;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Analytics;

public sealed class RollupGenerationTests_Sqlite(SqliteTestDatabase db) : RollupGenerationTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class RollupGenerationTests_Postgres(PostgresTestDatabase db) : RollupGenerationTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>Every path that writes rollup rows moves the generation that keys the dashboard's report cache (ADR 0088).</summary>
public abstract class RollupGenerationTests(TestDatabase database)
{
    [Fact]
    public async Task Catch_up_moves_the_generation_only_when_it_recomputes_marked_days()
    {
        await using var db = database.CreateContext();
        await new RollupBuilder(db).CatchUpAsync(CancellationToken.None);
        var before = await RollupBuilder.GenerationAsync(db, CancellationToken.None);

        (await new RollupBuilder(db).CatchUpAsync(CancellationToken.None)).ShouldBe(0);
        (await RollupBuilder.GenerationAsync(db, CancellationToken.None)).ShouldBe(before);

        db.AnalyticsRollupMarks.Add(new RollupMark { Day = new DateOnly(2026, 3, 2) });
        await db.SaveChangesAsync();
        (await new RollupBuilder(db).CatchUpAsync(CancellationToken.None)).ShouldBe(1);
        (await RollupBuilder.GenerationAsync(db, CancellationToken.None)).ShouldBeGreaterThan(before);
    }

    [Fact]
    public async Task Rebuild_moves_the_generation_even_with_nothing_to_compute()
    {
        await using var db = database.CreateContext();
        var before = await RollupBuilder.GenerationAsync(db, CancellationToken.None);
        await new RollupBuilder(db).RebuildAsync(CancellationToken.None);
        (await RollupBuilder.GenerationAsync(db, CancellationToken.None)).ShouldBeGreaterThan(before);
    }

    [Fact]
    public async Task Rebuild_through_a_bulk_insert_moves_the_generation_with_each_pass()
    {
        var clock = new FakeClock();
        await using var db = database.CreateContext(clock);
        var shop = new AnalyticsShop(db, clock);
        var category = await shop.CategoryAsync("Generation");
        var variant = await shop.ProductAsync(category, "Scarf", 3_000);
        await shop.OrderAsync(new DateTime(2026, 1, 5, 9, 0, 0, DateTimeKind.Utc), (variant, 1));
        var before = await RollupBuilder.GenerationAsync(db, CancellationToken.None);
        var inserted = 0;

        // The bench's path: rows written by its own bulk insert (COPY there), not by EF Core.
        await new RollupBuilder(db).RebuildAsync(CancellationToken.None, bulkInsert: async (rows, ct) =>
        {
            db.AddRange(rows);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            inserted += rows.Count;
        });

        inserted.ShouldBeGreaterThan(0);
        // One for clearing the rollups, at least one for the pass that wrote the order's day.
        (await RollupBuilder.GenerationAsync(db, CancellationToken.None)).ShouldBeGreaterThanOrEqualTo(before + 2);
        (await db.AnalyticsRollupState.AsNoTracking().CountAsync()).ShouldBe(1);
    }
}
