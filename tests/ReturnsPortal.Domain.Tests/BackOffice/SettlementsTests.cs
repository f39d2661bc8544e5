using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.BackOffice;

public sealed class SettlementsTests_Sqlite(SqliteTestDatabase db) : SettlementsTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class SettlementsTests_Postgres(PostgresTestDatabase db) : SettlementsTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>
/// Deciding a return and its settlement (<see cref="Settlements"/>): breakdown, four-eyes threshold, exactly one settlement.
/// </summary>
public abstract class SettlementsTests(TestDatabase database)
{
    private const string Inspector = "inspector@shop.fr";
    private const string Manager = "manager@shop.fr";
    private readonly FakeClock clock = new();

    private DateTime Now => clock.UtcDateTime;

    private static Task<ReturnRequest> LoadAsync(ReturnsDbContext db, string rma) =>
        db.Returns.ForWarehouse().SingleAsync(r => r.Rma == rma);

    private async Task<string> InspectedAsync(long fourEyesMinor = 50_000, Resolution resolution = Resolution.Refund)
    {
        var rma = await TestData.InsertReturnInTransitAsync(database, clock, fourEyesMinor, resolution);
        await using var db = database.CreateContext(clock);
        var request = await LoadAsync(db, rma);
        var ids = request.Lines.Select(l => l.Id).Order().ToList();
        request.Receive([new LineReceipt(ids[0], ReceiptOutcome.Received, 1), new LineReceipt(ids[1], ReceiptOutcome.Received, 1)], Inspector, Now);
        request.InspectLine(new LineInspection(ids[0], ItemGrade.A, [], SerialCheck.NotApplicable, null), Inspector, Now);
        request.InspectLine(new LineInspection(ids[1], ItemGrade.B, [], SerialCheck.Matches, "box opened"), Inspector, Now);
        await db.SaveChangesAsync();
        return rma;
    }

    private static List<LineDecisionInput> AcceptAll(ReturnRequest request) =>
        [.. request.Lines.Where(l => l.IsReceived).Select(l => new LineDecisionInput(l.Id, LineVerdict.Accept, Disposition.Restock, null))];

    private static async Task<bool> TrySaveAsync(ReturnsDbContext db)
    {
        try
        {
            await db.SaveChangesAsync();
            return true;
        }
        catch (DbUpdateException)
        {
            // DbUpdateConcurrencyException (the version moved) or the unique settlement key: either way the loser saved nothing.
            return false;
        }
    }

    [Fact]
    public async Task A_decision_under_the_threshold_resolves_and_stores_the_breakdown_and_one_settlement()
    {
        var rma = await InspectedAsync();
        await using (var db = database.CreateContext(clock))
        {
            var request = await LoadAsync(db, rma);
            var ids = request.Lines.Select(l => l.Id).Order().ToList();
            var breakdown = request.Decide(
                [new LineDecisionInput(ids[0], LineVerdict.Accept, Disposition.Restock, null),
                 new LineDecisionInput(ids[1], LineVerdict.AcceptWithDeduction, Disposition.OpenBox, null)], Inspector, Now);
            breakdown.Total.ShouldBe(Money.Eur(4_990 + 4_990 - 499));
            request.Status.ShouldBe(ReturnStatus.Resolved);
            var settlements = new Settlements(db, new SettlementChannels());
            (await settlements.AddIfResolvedAsync(request, Inspector, Now, default)).ShouldNotBeNull();
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateContext(clock);
        var saved = await LoadAsync(read, rma);
        var second = saved.Lines.Single(l => l.Decision!.Verdict == LineVerdict.AcceptWithDeduction).Decision!;
        (second.PricePaid, second.Deduction, second.Total, second.Disposition).ShouldBe((Money.Eur(4_990), Money.Eur(499), Money.Eur(4_491), Disposition.OpenBox));
        var settlement = await read.Settlements.SingleAsync(s => s.ReturnRequestId == saved.Id);
        (settlement.Kind, settlement.Amount, settlement.IdempotencyKey, settlement.Reference)
            .ShouldBe((SettlementKind.Refund, Money.Eur(9_481), $"settle:{rma}", $"RI-{rma}"));

        // A retry finds the settlement and adds nothing; a second row with the same key is refused by the database.
        (await new Settlements(read, new SettlementChannels()).AddIfResolvedAsync(saved, Inspector, Now, default)).ShouldBeNull();
        read.Settlements.Add(Settlement.For(saved, SettlementDeadlines.None, new SettlementChannels(), Inspector, Now));
        await Should.ThrowAsync<DbUpdateException>(() => read.SaveChangesAsync());
    }

    [Fact]
    public async Task Above_the_threshold_the_decision_waits_for_a_second_person_and_store_credit_gets_its_bonus()
    {
        var rma = await InspectedAsync(fourEyesMinor: 5_000, resolution: Resolution.StoreCredit);
        await using var db = database.CreateContext(clock);
        var request = await LoadAsync(db, rma);
        Should.Throw<DomainException>(() => request.Decide([], Inspector, Now)).Code.ShouldBe("decide.every_line");
        var ids = request.Lines.Select(l => l.Id).Order().ToList();
        Should.Throw<DomainException>(() => request.Decide(
            [new LineDecisionInput(ids[0], LineVerdict.Accept, Disposition.ReturnToCustomer, null),
             new LineDecisionInput(ids[1], LineVerdict.Accept, Disposition.Restock, null)], Inspector, Now)).Code.ShouldBe("decide.disposition");

        request.Decide(AcceptAll(request), Inspector, Now);
        request.Status.ShouldBe(ReturnStatus.AwaitingApproval);
        Should.Throw<DomainException>(() => request.ApproveSettlement(Inspector, Now)).Code.ShouldBe("return.four_eyes");
        request.ApproveSettlement(Manager, Now);
        var settlement = await new Settlements(db, new SettlementChannels()).AddIfResolvedAsync(request, Manager, Now, default);
        await db.SaveChangesAsync();

        (settlement!.Kind, settlement.Amount, settlement.Bonus, settlement.Reference)
            .ShouldBe((SettlementKind.StoreCredit, Money.Eur(9_980), Money.Eur(998), $"SC-{rma}"));
    }

    [Fact]
    public async Task Two_people_deciding_the_same_return_at_once_make_exactly_one_decision_and_one_settlement()
    {
        var rma = await InspectedAsync();
        await using var first = database.CreateContext(clock, "first");
        await using var second = database.CreateContext(clock, "second");
        var a = await LoadAsync(first, rma);
        var b = await LoadAsync(second, rma);
        a.Decide(AcceptAll(a), "first", Now);
        b.Decide(AcceptAll(b), "second", Now);
        await new Settlements(first, new SettlementChannels()).AddIfResolvedAsync(a, "first", Now, default);
        await new Settlements(second, new SettlementChannels()).AddIfResolvedAsync(b, "second", Now, default);

        var results = await Task.WhenAll(TrySaveAsync(first), TrySaveAsync(second));

        results.Count(ok => ok).ShouldBe(1);
        await using var read = database.CreateContext(clock);
        var saved = await LoadAsync(read, rma);
        (await read.Settlements.CountAsync(s => s.ReturnRequestId == saved.Id)).ShouldBe(1);
        saved.Lines.Select(l => l.Decision!.DecidedBy).Distinct().ShouldHaveSingleItem().ShouldBe(saved.DecidedBy);
        (await read.LineDecisions.CountAsync(d => saved.Lines.Select(l => l.Id).Contains(d.ReturnLineId))).ShouldBe(2);
    }
}
