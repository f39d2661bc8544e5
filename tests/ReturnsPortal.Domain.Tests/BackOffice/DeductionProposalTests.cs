using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.BackOffice;

public sealed class DeductionProposalTests_Sqlite(SqliteTestDatabase db) : DeductionProposalTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class DeductionProposalTests_Postgres(PostgresTestDatabase db) : DeductionProposalTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>
/// A manual deduction above the decider's limit goes to a manager as a proposal with a note (ADR 0091): it waits in the
/// four-eyes queue, and only someone whose limit covers the deduction approves it.
/// </summary>
public abstract class DeductionProposalTests(TestDatabase database)
{
    private const string Inspector = "inspector@shop.fr";
    private static readonly Money InspectorLimit = Money.Eur(2_000);
    private readonly FakeClock clock = new();

    private DateTime Now => clock.UtcDateTime;

    private async Task<string> InspectedAsync(ItemGrade grade = ItemGrade.B)
    {
        await using var db = database.CreateContext(clock);
        var graph = await TestData.InsertReturnGraphAsync(db, clock);
        await TestData.EnsureWarehouseAsync(db);
        var request = await graph.NewReturnAsync(db, "customer", Now);
        request.Approve("agent", Now);
        db.Returns.Add(request);
        await db.SaveChangesAsync();
        var line = request.Lines.Single();
        request.Receive([new LineReceipt(line.Id, ReceiptOutcome.Received, 1)], Inspector, Now);
        request.InspectLine(new LineInspection(line.Id, grade, [], SerialCheck.NotApplicable, "Semelle abîmée"), Inspector, Now);
        await db.SaveChangesAsync();
        return request.Rma;
    }

    private async Task<T> WithReturnAsync<T>(string rma, Func<ReturnRequest, T> act)
    {
        await using var db = database.CreateContext(clock);
        var request = await db.Returns.ForWarehouse().SingleAsync(r => r.Rma == rma);
        var result = act(request);
        await db.SaveChangesAsync();
        return result;
    }

    private static List<LineDecisionInput> Deduct(ReturnRequest request, long? minor) =>
        [new LineDecisionInput(request.Lines.Single().Id, LineVerdict.AcceptWithDeduction, Disposition.OpenBox, minor)];

    [Fact]
    public async Task An_over_limit_deduction_is_proposed_with_its_note_and_waits_for_an_approver_whose_limit_covers_it()
    {
        var rma = await InspectedAsync();
        var rules = new DecisionRules(InspectorLimit, false);

        // Deciding alone is refused; proposing needs a note of at most 500 characters.
        (await Should.ThrowAsync<DomainException>(() => WithReturnAsync(rma, r => r.Decide(Deduct(r, 2_500), Inspector, Now, rules))))
            .Code.ShouldBe("refund.deduction_limit");
        (await Should.ThrowAsync<DomainException>(() => WithReturnAsync(rma, r => r.ProposeToManager(Deduct(r, 2_500), " ", Inspector, Now, rules))))
            .Code.ShouldBe("decide.proposal_note_required");
        (await Should.ThrowAsync<DomainException>(() => WithReturnAsync(rma, r => r.ProposeToManager(Deduct(r, 2_500), new string('x', 501), Inspector, Now, rules))))
            .Code.ShouldBe("decide.proposal_note_length");
        // Within the limit there is nothing to propose: the decider decides.
        (await Should.ThrowAsync<DomainException>(() => WithReturnAsync(rma, r => r.ProposeToManager(Deduct(r, 1_500), "Rayure", Inspector, Now, rules))))
            .Code.ShouldBe("decide.proposal_within_limit");

        var breakdown = await WithReturnAsync(rma, r => r.ProposeToManager(Deduct(r, 2_500), " Semelle décollée, revendable en B ", Inspector, Now, rules));
        breakdown.Lines.Single().Deduction.ShouldBe(Money.Eur(2_500));
        breakdown.Total.ShouldBe(Money.Eur(TestData.UnitPrice - 2_500));
        await using (var read = database.CreateContext(clock))
        {
            var saved = await read.Returns.AsNoTracking().Where(r => r.Rma == rma)
                .Select(r => new { r.Status, r.DecidedBy, Note = r.History.Where(h => h.To == ReturnStatus.AwaitingApproval).Select(h => h.Note).Single(), r.Lines.Single().Decision!.Deduction })
                .SingleAsync();
            saved.ShouldBe(new { Status = ReturnStatus.AwaitingApproval, DecidedBy = (string?)Inspector, Note = (string?)"Semelle décollée, revendable en B", Deduction = Money.Eur(2_500) });
        }

        // An approver whose limit is below the deduction may not approve it; one whose limit covers it may.
        (await Should.ThrowAsync<DomainException>(() => WithReturnAsync(rma, r => { r.ApproveSettlement("agent@shop.fr", Now, Money.Eur(2_000)); return 0; })))
            .Code.ShouldBe("return.approve_deduction_limit");
        await WithReturnAsync(rma, r => { r.ApproveSettlement("agent@shop.fr", Now, Money.Eur(5_000)); return 0; });
        await using (var read = database.CreateContext(clock))
        {
            (await read.Returns.Where(r => r.Rma == rma).Select(r => r.Status).SingleAsync()).ShouldBe(ReturnStatus.Resolved);
        }
    }

    [Fact]
    public async Task A_refused_proposal_goes_back_to_the_decider_and_the_grade_deduction_never_needs_a_limit()
    {
        var rma = await InspectedAsync(ItemGrade.D);
        await WithReturnAsync(rma, r => r.ProposeToManager(Deduct(r, 4_000), "Carton détruit", Inspector, Now, new DecisionRules(InspectorLimit, false)));
        await WithReturnAsync(rma, r => { r.SendBackForReview("manager@shop.fr", "Pas plus de 20 €", Now); return 0; });
        (await WithReturnAsync(rma, r => r.Status)).ShouldBe(ReturnStatus.Inspected);

        // Grade D's own deduction (100 %) is the policy's, not a person's choice: a low limit approves it.
        await WithReturnAsync(rma, r => r.Decide(Deduct(r, null), Inspector, Now, new DecisionRules(InspectorLimit, false)));
        (await WithReturnAsync(rma, r => r.LargestManualDeduction(Money.Euro))).ShouldBe(Money.Eur(0));
    }
}
