using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Logistics;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Policies;

/// <summary>Resolutions allowed per reason (ADR 0085): a reason narrows the policy, defects keep the refund.</summary>
public sealed class ReasonResolutionRulesTests
{
    private const int MindChanged = 1;
    private const int Faulty = 2;
    private const int TooSmall = 3;

    private static ReturnPolicy Policy()
    {
        var policy = new ReturnPolicy { Name = "P", ApprovalThresholds = { new() { Currency = Money.Euro, FourEyesMinor = 1, WriteOffMinor = 1 } } };
        policy.ReasonResolutions.Add(new PolicyReasonResolution { ReasonId = MindChanged, AllowRefund = false });
        return policy;
    }

    private static ReturnReason[] Reasons() =>
    [
        new() { Id = MindChanged, Code = "mind", LabelFr = "J'ai changé d'avis", LabelEn = "Changed my mind" },
        new() { Id = Faulty, Code = "faulty", LabelFr = "Défectueux", LabelEn = "Faulty", IsDefect = true },
        new() { Id = TooSmall, Code = "small", LabelFr = "Trop petit", LabelEn = "Too small", IsMerchantFault = true },
    ];

    [Fact]
    public void A_reason_narrows_the_resolutions_and_a_reason_without_a_row_follows_the_policy()
    {
        var policy = Policy();

        policy.Allows(Resolution.Refund, [MindChanged]).ShouldBeFalse();
        policy.Allows(Resolution.StoreCredit, [MindChanged]).ShouldBeTrue();
        policy.Allows(Resolution.Exchange, [MindChanged]).ShouldBeTrue();
        policy.Allows(Resolution.Refund, [Faulty]).ShouldBeTrue();
        policy.Allows(Resolution.Refund, [Faulty, MindChanged]).ShouldBeFalse("every line's reason must allow it");
        policy.AllowExchange = false;
        policy.Allows(Resolution.Exchange, [Faulty]).ShouldBeFalse("a reason cannot widen the policy");
        policy.Allows(Resolution.Exchange, [MindChanged]).ShouldBeFalse();
    }

    [Fact]
    public void A_defect_or_merchant_fault_reason_must_allow_a_refund()
    {
        var policy = Policy();
        PolicyRules.Check(policy, null, Reasons()).ShouldBeEmpty();

        policy.ReasonResolutions.Add(new PolicyReasonResolution { ReasonId = Faulty, AllowRefund = false });
        policy.ReasonResolutions.Add(new PolicyReasonResolution { ReasonId = TooSmall, AllowRefund = false, AllowExchange = false });
        PolicyRules.Check(policy, null, Reasons()).ShouldBe(
        [
            new PolicyError("policy.reason_refund_required", $"Reason.{Faulty}"),
            new PolicyError("policy.reason_refund_required", $"Reason.{TooSmall}"),
        ]);
    }

    [Fact]
    public void A_reason_must_allow_at_least_one_resolution_the_policy_offers()
    {
        var policy = Policy();
        policy.ReasonResolutions[0].AllowStoreCredit = false;
        PolicyRules.Check(policy, null, Reasons()).ShouldBeEmpty();

        policy.AllowExchange = false;
        PolicyRules.Check(policy, null, Reasons()).ShouldBe([new PolicyError("policy.reason_resolution_required", $"Reason.{MindChanged}")]);
    }

    [Fact]
    public void The_rows_are_copied_to_the_next_version_and_listed_in_the_change_summary()
    {
        var current = Policy();
        var proposed = current.CopyTerms();
        proposed.ReasonResolutions.ShouldHaveSingleItem().AllowRefund.ShouldBeFalse();
        proposed.ReasonResolutions[0].ShouldNotBeSameAs(current.ReasonResolutions[0]);
        PolicyDiff.Compare(current, proposed).ShouldBeEmpty();

        proposed.ReasonResolutions[0].AllowExchange = false;
        proposed.ReasonResolutions.Add(new PolicyReasonResolution { ReasonId = Faulty, AllowExchange = false });
        PolicyDiff.Compare(current, proposed).ShouldBe(
        [
            new PolicyChange($"Reason.{MindChanged}.Resolutions", "StoreCredit, Exchange", "StoreCredit"),
            new PolicyChange($"Reason.{Faulty}.Resolutions", null, "Refund, StoreCredit"),
        ]);
    }

    [Fact]
    public void Publishing_refuses_a_defect_reason_without_refund()
    {
        var current = new ReturnPolicy { Name = "P", IsDefault = true, ApprovalThresholds = { new() { Currency = Money.Euro, FourEyesMinor = 1, WriteOffMinor = 1 } } };
        var proposed = current.CopyTerms();
        proposed.ReasonResolutions.Add(new PolicyReasonResolution { ReasonId = Faulty, AllowRefund = false });

        Should.Throw<PolicyRulesException>(() => PolicyVersions.Publish(current, proposed, "m", null, DateTime.UtcNow, null, Reasons()))
            .Errors.ShouldBe([new PolicyError("policy.reason_refund_required", $"Reason.{Faulty}")]);
        current.IsDefault.ShouldBeTrue("a refused publication changes nothing");
    }

    [Fact]
    public void A_return_cannot_be_made_with_a_resolution_one_of_its_reasons_excludes()
    {
        var order = new Order { Id = 1, Number = "CMD-1", Email = "a@b.fr", CustomerName = "A", Postcode = "69003" };

        Should.Throw<DomainException>(() => ReturnRequest.Create("RP-7KXM-4QHT", order, Policy(),
                [new ReturnLine(1, 1, Faulty, null), new ReturnLine(2, 1, MindChanged, null)],
                Resolution.Refund, ReturnMethod.InStore, null, 1, "fr", "customer", DateTime.UtcNow))
            .Code.ShouldBe("return.resolution_not_allowed");
        ReturnRequest.Create("RP-7KXM-4QHT", order, Policy(), [new ReturnLine(1, 1, MindChanged, null)],
            Resolution.StoreCredit, ReturnMethod.InStore, null, 1, "fr", "customer", DateTime.UtcNow).Resolution.ShouldBe(Resolution.StoreCredit);
    }
}

public sealed class ReasonResolutionTests_Sqlite(SqliteTestDatabase db) : ReasonResolutionTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class ReasonResolutionTests_Postgres(PostgresTestDatabase db) : ReasonResolutionTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>Saved: the rows round-trip with their version, the starter refuses, and version N keeps N's rules after N+1.</summary>
public abstract class ReasonResolutionTests(TestDatabase database)
{
    private readonly FakeClock clock = new();

    [Fact]
    public async Task A_return_made_under_version_N_keeps_its_resolution_after_version_N_plus_1_excludes_it_for_its_reason()
    {
        ReturnGraph graph;
        string rma;
        await using (var db = database.CreateContext(clock))
        {
            graph = await TestData.InsertReturnGraphAsync(db, clock);
            var request = await graph.NewReturnAsync(db, "customer", clock.UtcDateTime);
            db.Returns.Add(request);
            await db.SaveChangesAsync();
            rma = request.Rma;
        }
        await using (var db = database.CreateContext(clock))
        {
            var current = await db.Policies.WithTerms().SingleAsync(p => p.Id == graph.Policy.Id);
            var proposed = current.CopyTerms();
            proposed.ReasonResolutions.Add(new PolicyReasonResolution { ReasonId = graph.Reason.Id, AllowRefund = false });
            db.Policies.Add(PolicyVersions.Publish(current, proposed, "manager@shop.fr", null, clock.UtcDateTime, null, await db.Reasons.ToListAsync()));
            await db.SaveChangesAsync();
        }

        await using var check = database.CreateContext(clock);
        var made = await check.Returns.Include(r => r.Lines).SingleAsync(r => r.Rma == rma);
        var version = await check.Policies.WithTerms().SingleAsync(p => p.Id == made.PolicyId);
        version.VersionNumber.ShouldBe(1);
        version.Allows(made.Resolution, made.Lines.Select(l => l.ReasonId)).ShouldBeTrue("the return follows the version it was made under");
        var next = await check.Policies.AsNoTracking().WithTerms().SingleAsync(p => p.IsDefault);
        next.ReasonResolutions.ShouldHaveSingleItem().ReasonId.ShouldBe(graph.Reason.Id);
        next.ReasonResolutions[0].AllowRefund.ShouldBeFalse();
        next.ReasonResolutions[0].AllowStoreCredit.ShouldBeTrue();

        var starter = new ReturnStarter(check, new ReturnEligibility(check, clock), new StockReservations(check, new StockLedger(check), clock), new WarehouseRouting(check), clock);
        var command = new StartReturnCommand(graph.Order.Id, [new StartLine(graph.OrderLine.Id, 1, graph.Reason.Id, null, null, [])],
            Resolution.Refund, ReturnMethod.DropOff, graph.DropOffPoint.Id, null, "fr", "k");
        (await starter.CheckAsync(command, StartStep.Solution, default)).Errors.Select(e => e.Code).ShouldBe(["resolution_not_allowed"]);
        (await starter.CheckAsync(command with { Resolution = Resolution.StoreCredit }, StartStep.Solution, default)).Errors.ShouldBeEmpty();
    }
}
