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
            // The service level is the return's policy version's (ADR 0038).
            graph.Policy.RefundServiceDays = 7;
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
            .Select(r => new { r.Return.Id, r.Return.Status, r.Return.CreatedAt, r.Return.LabelValidUntil, r.Deadline })
            .ToListAsync();
        var histories = await read.ReturnHistory.Where(h => h.To == ReturnStatus.Received)
            .Select(h => new { h.ReturnRequestId, h.At }).ToListAsync();

        computed.Count.ShouldBe(6);
        foreach (var row in computed)
        {
            var received = histories.Where(h => h.ReturnRequestId == row.Id).Select(h => (DateTime?)h.At).Max();
            row.Deadline.ShouldBe(ReturnDeadlines.For(row.Status, row.CreatedAt, received, 7, labelValidUntil: row.LabelValidUntil) ?? ReturnDeadlines.None, row.Status.ToString());
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

    [Fact]
    public async Task A_withdrawal_brings_the_refund_deadline_forward_and_the_database_agrees_with_the_rule()
    {
        var rmas = new List<string>();
        DateTime legal;
        await using (var db = database.CreateContext(clock))
        {
            var graph = await TestData.InsertReturnGraphAsync(db, clock);
            graph.Policy.RefundServiceDays = 7;
            var order = await db.Orders.SingleAsync(o => o.Id == graph.Order.Id);
            var withdrawal = Domain.Withdrawals.Withdrawal.Submit(order, "Camille Martin", order.Email, "fr", "Commande test", Domain.Withdrawals.Withdrawal.NewReference(), clock.UtcDateTime);
            legal = withdrawal.RefundDeadline;
            db.Withdrawals.Add(withdrawal);
            // Received 2, 10 and 20 days after the withdrawal: the legal date, then the service level, then receipt itself win.
            foreach (var days in new[] { 2, 10, 20 })
            {
                var request = await graph.NewReturnAsync(db, "customer", clock.UtcDateTime);
                request.Approve("agent", clock.UtcDateTime);
                request.Receive("inspector", clock.UtcDateTime.AddDays(days));
                db.Returns.Add(request);
                rmas.Add(request.Rma);
            }
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateContext(clock);
        var rows = await read.Returns.Where(r => rmas.Contains(r.Rma)).WithDeadlines(7, read.Withdrawals)
            .OrderBy(r => r.Return.Id).Select(r => new { r.Return.Status, r.Return.CreatedAt, r.ReceivedAt, r.Deadline }).ToListAsync();

        var start = clock.UtcDateTime;
        rows.Select(r => r.ReceivedAt).ShouldBe([start.AddDays(2), start.AddDays(10), start.AddDays(20)]);
        rows.Select(r => r.Deadline).ShouldBe([start.AddDays(9), legal, start.AddDays(20)],
            "receipt + 7 when earlier than the legal date; the legal date; on receipt when the goods came after it");
        foreach (var row in rows)
        {
            row.Deadline.ShouldBe(ReturnDeadlines.For(row.Status, row.CreatedAt, row.ReceivedAt, 7, legal)!.Value);
        }
    }

    [Fact]
    public async Task A_return_keeps_the_service_level_of_its_policy_version_after_a_new_version_shortens_it()
    {
        string rma;
        await using (var db = database.CreateContext(clock))
        {
            var graph = await TestData.InsertReturnGraphAsync(db, clock);
            graph.Policy.RefundServiceDays = 10;
            var request = await graph.NewReturnAsync(db, "customer", clock.UtcDateTime);
            request.Approve("agent", clock.UtcDateTime);
            request.Receive("inspector", clock.UtcDateTime.AddDays(1));
            db.Returns.Add(request);
            await db.SaveChangesAsync();
            rma = request.Rma;
            // A new version says 3 days from now on; the return was made under the 10-day terms.
            var next = graph.Policy.CopyTerms();
            next.Name = graph.Policy.Name + " v2";
            next.RefundServiceDays = 3;
            graph.Policy.IsDefault = false;
            next.IsDefault = true;
            db.Policies.Add(next);
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateContext(clock);
        var deadline = await read.Returns.Where(r => r.Rma == rma).WithDeadlines(ReturnDeadlines.DefaultRefundServiceLevelDays, read.Withdrawals)
            .Select(r => r.Deadline).SingleAsync();
        var simple = await read.Returns.Where(r => r.Rma == rma).WithDeadlines(ReturnDeadlines.DefaultRefundServiceLevelDays)
            .Select(r => r.Deadline).SingleAsync();

        deadline.ShouldBe(clock.UtcDateTime.AddDays(1 + 10));
        simple.ShouldBe(deadline);
    }
}
