using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Returns;

public sealed class SecondApprovalTests_Sqlite(SqliteTestDatabase db) : SecondApprovalTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class SecondApprovalTests_Postgres(PostgresTestDatabase db) : SecondApprovalTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>
/// When a decision waits for a second person (ADR 0125): above the four-eyes limit of the order's currency, always
/// in a currency the policy version has no limits for (fails closed), and when goods graded D or disposed of are worth
/// more than the write-off limit.
/// </summary>
public abstract class SecondApprovalTests(TestDatabase database)
{
    private const string Inspector = "inspector@shop.fr";
    private readonly FakeClock clock = new();

    private DateTime Now => clock.UtcDateTime;

    /// <summary>An inspected one-line return of an order in <paramref name="currency"/> at <paramref name="priceMinor"/>, under a policy with these limits.</summary>
    private async Task<string> InspectedAsync(string currency, long priceMinor, ItemGrade grade, params PolicyApprovalThreshold[] limits)
    {
        await using var db = database.CreateContext(clock);
        var graph = await TestData.InsertReturnGraphAsync(db, clock);
        await TestData.EnsureWarehouseAsync(db);
        graph.Order.Currency = currency;
        graph.OrderLine.UnitPricePaid = new Money(priceMinor, currency);
        graph.Policy.ApprovalThresholds.Clear();
        graph.Policy.ApprovalThresholds.AddRange(limits);
        await db.SaveChangesAsync();
        var request = await graph.NewReturnAsync(db, "customer", Now);
        request.Approve("agent", Now);
        db.Returns.Add(request);
        await db.SaveChangesAsync();
        var line = request.Lines.Single();
        request.Receive([new LineReceipt(line.Id, ReceiptOutcome.Received, 1)], Inspector, Now);
        request.InspectLine(new LineInspection(line.Id, grade, [], SerialCheck.NotApplicable, null), Inspector, Now);
        await db.SaveChangesAsync();
        return request.Rma;
    }

    private async Task<(SecondApproval Why, ReturnStatus Status)> DecideAsync(string rma, LineVerdict verdict, Disposition disposition)
    {
        await using var db = database.CreateContext(clock);
        var request = await db.Returns.ForWarehouse().SingleAsync(r => r.Rma == rma);
        List<LineDecisionInput> decisions = [new(request.Lines.Single().Id, verdict, disposition, null)];
        var why = request.SecondApprovalFor(request.RefundFor(decisions), decisions);
        request.Decide(decisions, Inspector, Now);
        await db.SaveChangesAsync();
        return (why, request.Status);
    }

    private static PolicyApprovalThreshold Limits(string currency, long fourEyes, long writeOff) =>
        new() { Currency = currency, FourEyesMinor = fourEyes, WriteOffMinor = writeOff };

    [Fact]
    public async Task A_refund_in_a_currency_the_policy_has_no_limits_for_waits_for_a_second_person()
    {
        // Issue 19: a £5,000 refund under a policy with a euro limit only used to resolve at once.
        var rma = await InspectedAsync("GBP", 500_000, ItemGrade.A, Limits("EUR", 30_000, 15_000));

        (await DecideAsync(rma, LineVerdict.Accept, Disposition.Restock)).ShouldBe((SecondApproval.NoLimitsForCurrency, ReturnStatus.AwaitingApproval));
    }

    [Fact]
    public async Task A_currency_with_its_own_limits_resolves_below_them_and_waits_above()
    {
        var below = await InspectedAsync("USD", 4_000, ItemGrade.A, Limits("EUR", 30_000, 15_000), Limits("USD", 35_000, 15_000));
        var above = await InspectedAsync("USD", 40_000, ItemGrade.A, Limits("EUR", 30_000, 15_000), Limits("USD", 35_000, 15_000));

        (await DecideAsync(below, LineVerdict.Accept, Disposition.Restock)).ShouldBe((SecondApproval.None, ReturnStatus.Resolved));
        (await DecideAsync(above, LineVerdict.Accept, Disposition.Restock)).ShouldBe((SecondApproval.AboveFourEyes, ReturnStatus.AwaitingApproval));
    }

    [Fact]
    public async Task Goods_graded_D_worth_more_than_the_write_off_limit_wait_even_with_nothing_refunded()
    {
        var above = await InspectedAsync("EUR", 4_990, ItemGrade.D, Limits("EUR", 30_000, 2_000));
        var below = await InspectedAsync("EUR", 4_990, ItemGrade.D, Limits("EUR", 30_000, 5_000));

        (await DecideAsync(above, LineVerdict.AcceptWithDeduction, Disposition.Recycle)).ShouldBe((SecondApproval.WriteOff, ReturnStatus.AwaitingApproval));
        (await DecideAsync(below, LineVerdict.AcceptWithDeduction, Disposition.Recycle)).ShouldBe((SecondApproval.None, ReturnStatus.Resolved));
    }

    [Fact]
    public async Task Rejecting_and_disposing_of_goods_worth_more_than_the_write_off_limit_waits()
    {
        var above = await InspectedAsync("EUR", 4_990, ItemGrade.B, Limits("EUR", 30_000, 2_000));
        var sentBack = await InspectedAsync("EUR", 4_990, ItemGrade.B, Limits("EUR", 30_000, 2_000));

        (await DecideAsync(above, LineVerdict.RejectDispose, Disposition.Destroy)).ShouldBe((SecondApproval.WriteOff, ReturnStatus.AwaitingApproval));
        // Sent back to the customer, nothing is written off.
        (await DecideAsync(sentBack, LineVerdict.RejectReturnToCustomer, Disposition.ReturnToCustomer)).ShouldBe((SecondApproval.None, ReturnStatus.Resolved));
    }
}
