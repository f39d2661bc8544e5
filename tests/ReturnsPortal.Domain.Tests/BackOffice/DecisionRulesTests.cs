using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.BackOffice;

public sealed class DecisionRulesTests_Sqlite(SqliteTestDatabase db) : DecisionRulesTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class DecisionRulesTests_Postgres(PostgresTestDatabase db) : DecisionRulesTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>First return free and the decider's deduction limit, through <see cref="ReturnRequest.Decide"/> on each provider.</summary>
public abstract class DecisionRulesTests(TestDatabase database)
{
    private const string Inspector = "inspector@shop.fr";
    private static readonly Money LabelFee = Money.Eur(590);
    private readonly FakeClock clock = new();

    private DateTime Now => clock.UtcDateTime;

    private async Task<ReturnGraph> GraphAsync(bool firstReturnFree)
    {
        await using var db = database.CreateContext(clock);
        var graph = await TestData.InsertReturnGraphAsync(db, clock);
        await TestData.EnsureWarehouseAsync(db);
        graph.Policy.FirstReturnFree = firstReturnFree;
        graph.Policy.MethodFees.Add(new PolicyMethodFee { Method = ReturnMethod.DropOff, Fee = LabelFee });
        await db.SaveChangesAsync();
        return graph;
    }

    private async Task<(RefundBreakdown Breakdown, bool First)> DecideAsync(string rma, long? manualDeduction = null, Money? limit = null)
    {
        await using var db = database.CreateContext(clock);
        var request = await db.Returns.ForWarehouse().SingleAsync(r => r.Rma == rma);
        var line = request.Lines.Single();
        var first = await db.Returns.IsFirstReturnAsync(request, default);
        var verdict = manualDeduction is null ? LineVerdict.Accept : LineVerdict.AcceptWithDeduction;
        var breakdown = request.Decide([new LineDecisionInput(line.Id, verdict, Disposition.Restock, manualDeduction)], Inspector, Now,
            new DecisionRules(limit, first));
        await db.SaveChangesAsync();
        return (breakdown, first);
    }

    private async Task<string> ReceivedAndGradedAsync(ReturnGraph graph)
    {
        var rma = await ReturnAwaitingAsync(graph);
        await using var db = database.CreateContext(clock);
        var request = await db.Returns.ForWarehouse().SingleAsync(r => r.Rma == rma);
        var line = request.Lines.Single();
        request.Receive([new LineReceipt(line.Id, ReceiptOutcome.Received, 1)], Inspector, Now);
        request.InspectLine(new LineInspection(line.Id, ItemGrade.A, [], SerialCheck.NotApplicable, null), Inspector, Now);
        await db.SaveChangesAsync();
        return rma;
    }

    private async Task<string> ReturnAwaitingAsync(ReturnGraph graph, bool cancelled = false)
    {
        await using var db = database.CreateContext(clock);
        var request = await graph.NewReturnAsync(db, "customer", Now);
        request.Approve("agent", Now);
        if (cancelled)
        {
            request.Cancel("customer", Now);
        }
        db.Returns.Add(request);
        await db.SaveChangesAsync();
        return request.Rma;
    }

    [Fact]
    public async Task The_first_return_of_a_customer_pays_no_label_when_the_policy_says_so_and_the_next_one_does()
    {
        var graph = await GraphAsync(firstReturnFree: true);
        await ReturnAwaitingAsync(graph, cancelled: true); // a cancelled return does not count as a return
        var first = await ReceivedAndGradedAsync(graph);
        var second = await ReceivedAndGradedAsync(graph);

        // Decided in the other order: "first" is about when the returns were made, not decided.
        var (secondBreakdown, secondIsFirst) = await DecideAsync(second);
        var (firstBreakdown, firstIsFirst) = await DecideAsync(first);

        (firstIsFirst, secondIsFirst).ShouldBe((true, false));
        firstBreakdown.Lines.Single().LabelFee.ShouldBe(Money.Eur(0));
        firstBreakdown.Total.ShouldBe(Money.Eur(TestData.UnitPrice));
        secondBreakdown.Lines.Single().LabelFee.ShouldBe(LabelFee);
        secondBreakdown.Total.ShouldBe(Money.Eur(TestData.UnitPrice) - LabelFee);
    }

    [Fact]
    public async Task Without_first_return_free_the_first_return_pays_the_label()
    {
        var graph = await GraphAsync(firstReturnFree: false);
        var rma = await ReceivedAndGradedAsync(graph);

        var (breakdown, isFirst) = await DecideAsync(rma);

        isFirst.ShouldBeTrue();
        breakdown.Lines.Single().LabelFee.ShouldBe(LabelFee);
    }

    [Fact]
    public async Task A_deduction_above_the_deciders_limit_is_refused_and_changes_nothing_while_one_within_it_is_stored()
    {
        var graph = await GraphAsync(firstReturnFree: true);
        var rma = await ReceivedAndGradedAsync(graph);

        (await Should.ThrowAsync<DomainException>(() => DecideAsync(rma, manualDeduction: 2_001, limit: Money.Eur(2_000)))).Code.ShouldBe("refund.deduction_limit");
        await using (var read = database.CreateContext(clock))
        {
            (await read.Returns.Where(r => r.Rma == rma).Select(r => r.Status).SingleAsync()).ShouldBe(ReturnStatus.Inspected);
        }

        var (breakdown, _) = await DecideAsync(rma, manualDeduction: 2_000, limit: Money.Eur(2_000));
        breakdown.Lines.Single().Deduction.ShouldBe(Money.Eur(2_000));
        breakdown.Total.ShouldBe(Money.Eur(TestData.UnitPrice - 2_000));
    }
}
