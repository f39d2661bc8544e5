using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Returns;

public sealed class ReturnDeadlinesPersistenceTests_Sqlite(SqliteTestDatabase db) : ReturnDeadlinesPersistenceTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class ReturnDeadlinesPersistenceTests_Postgres(PostgresTestDatabase db) : ReturnDeadlinesPersistenceTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>The deadline rule translated to SQL gives what the rule in memory gives, and pages on it without gaps.</summary>
public abstract class ReturnDeadlinesPersistenceTests(TestDatabase database)
{
    private readonly FakeClock clock = new();

    [Fact]
    public async Task The_database_computes_the_same_deadline_as_the_domain_rule_and_pages_on_it()
    {
        var rmas = new List<string>();
        await using (var db = database.CreateContext(clock))
        {
            var graph = await TestData.InsertReturnGraphAsync(db, clock);
            for (var i = 0; i < 6; i++)
            {
                var at = clock.UtcDateTime.AddHours(i * 7);
                var request = await graph.NewReturnAsync(db, "customer", at);
                if (i >= 2)
                {
                    request.Approve("agent", at.AddHours(1));
                }
                if (i >= 3)
                {
                    request.Receive("inspector", at.AddDays(2 + i));
                }
                if (i >= 4)
                {
                    request.CompleteInspection("inspector", at.AddDays(3 + i));
                }
                if (i == 5)
                {
                    request.SubmitDecision(false, "agent", at.AddDays(4 + i));
                }
                db.Returns.Add(request);
                rmas.Add(request.Rma);
            }
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateContext(clock);
        var computed = await read.Returns.Where(r => rmas.Contains(r.Rma)).WithDeadlines(7)
            .OrderBy(r => r.Deadline).ThenBy(r => r.Return.Id)
            .Select(r => new { r.Return.Id, r.Return.Status, r.Return.CreatedAt, r.Deadline })
            .ToListAsync();
        var histories = await read.ReturnHistory.Where(h => h.To == ReturnStatus.Received)
            .Select(h => new { h.ReturnRequestId, h.At }).ToListAsync();

        computed.Count.ShouldBe(6);
        foreach (var row in computed)
        {
            var received = histories.Where(h => h.ReturnRequestId == row.Id).Select(h => (DateTime?)h.At).Max();
            row.Deadline.ShouldBe(ReturnDeadlines.For(row.Status, row.CreatedAt, received, 7) ?? ReturnDeadlines.None, row.Status.ToString());
        }
        computed.Select(r => r.Deadline).ShouldBeInOrder();
        // Keyset: everything strictly after the third row is the last three, whatever ties there are.
        var cursor = computed[2];
        var after = await read.Returns.Where(r => rmas.Contains(r.Rma)).WithDeadlines(7)
            .Where(r => r.Deadline > cursor.Deadline || (r.Deadline == cursor.Deadline && r.Return.Id > cursor.Id))
            .OrderBy(r => r.Deadline).ThenBy(r => r.Return.Id)
            .Select(r => r.Return.Id)
            .ToListAsync();
        after.ShouldBe(computed.Skip(3).Select(r => r.Id).ToList());
    }
}
