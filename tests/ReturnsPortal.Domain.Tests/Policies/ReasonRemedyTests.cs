using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Logistics;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Policies;

/// <summary>
/// The law before the version's rows (ADR 0085, amended): a reason flagged defect or merchant fault allows a refund even
/// when the version in force, published before the flag, has a row that forbids it.
/// </summary>
public sealed class ReasonRemedyRulesTests
{
    private const int MindChanged = 1;
    private const int Faulty = 2;
    private const int WrongItem = 3;

    private static readonly ReturnReason Mind = new() { Id = MindChanged, Code = "mind", LabelFr = "Ne me plaît plus", LabelEn = "Changed my mind" };
    private static readonly ReturnReason Defect = new() { Id = Faulty, Code = "faulty", LabelFr = "Défectueux", LabelEn = "Faulty", IsDefect = true };
    private static readonly ReturnReason Mistake = new() { Id = WrongItem, Code = "wrong", LabelFr = "Erreur", LabelEn = "Wrong item", IsMerchantFault = true };

    /// <summary>A version whose rows forbid a refund for all three reasons, as if published before two were flagged.</summary>
    private static ReturnPolicy Policy()
    {
        var policy = new ReturnPolicy { Name = "P", ApprovalThresholds = { new() { Currency = Money.Euro, FourEyesMinor = 1, WriteOffMinor = 1 } } };
        foreach (var id in new[] { MindChanged, Faulty, WrongItem })
        {
            policy.ReasonResolutions.Add(new PolicyReasonResolution { ReasonId = id, AllowRefund = false, AllowExchange = false });
        }
        return policy;
    }

    [Fact]
    public void A_defect_or_merchant_fault_reason_allows_a_refund_whatever_its_row_says_and_other_resolutions_follow_the_row()
    {
        var policy = Policy();

        policy.AllowsForReasons(Resolution.Refund, [Defect]).ShouldBeTrue();
        policy.AllowsForReasons(Resolution.Refund, [Mistake]).ShouldBeTrue();
        policy.AllowsForReasons(Resolution.Refund, [Mind]).ShouldBeFalse("an ordinary reason keeps its row");
        policy.AllowsForReasons(Resolution.Refund, [Defect, Mind]).ShouldBeFalse("every line's reason must allow it");
        policy.AllowsForReasons(Resolution.Exchange, [Defect]).ShouldBeFalse("only the refund is the law's");
        policy.AllowsForReasons(Resolution.StoreCredit, [Defect, Mistake, Mind]).ShouldBeTrue();
        policy.AllowedFor(Defect).ShouldBe([Resolution.Refund, Resolution.StoreCredit]);
        policy.AllowedFor(Mind).ShouldBe([Resolution.StoreCredit]);
        // The version's own rows are unchanged: the per-id rule (public page, editor) still reads them as published.
        policy.Allows(Resolution.Refund, [Faulty]).ShouldBeFalse();
    }

    [Fact]
    public void A_reason_flagged_defect_after_publication_allows_the_refund_at_once()
    {
        var policy = Policy();
        var reason = new ReturnReason { Id = 9, Code = "late", LabelFr = "Arrivé en retard", LabelEn = "Arrived late" };
        policy.ReasonResolutions.Add(new PolicyReasonResolution { ReasonId = 9, AllowRefund = false });
        policy.AllowsForReasons(Resolution.Refund, [reason]).ShouldBeFalse();

        reason.SetFlags(isDefect: true, isMerchantFault: false, photoWanted: false);

        policy.AllowsForReasons(Resolution.Refund, [reason]).ShouldBeTrue();
    }

    [Fact]
    public void Creating_a_return_with_its_reasons_known_lets_a_defect_be_refunded()
    {
        var order = new Order { Id = 1, Number = "CMD-1", Email = "a@b.fr", CustomerName = "A", Postcode = "69003" };
        ReturnRequest Create(IReadOnlyCollection<ReturnReason>? reasons, params ReturnLine[] lines) =>
            ReturnRequest.Create("RP-7KXM-4QHT", order, Policy(), lines, Resolution.Refund, ReturnMethod.InStore, null, 1, "fr", "customer", DateTime.UtcNow, reasons);

        Create([Defect, Mind], new ReturnLine(1, 1, Faulty, null)).Resolution.ShouldBe(Resolution.Refund);
        Create([Mistake], new ReturnLine(1, 1, WrongItem, null)).Resolution.ShouldBe(Resolution.Refund);
        Should.Throw<DomainException>(() => Create([Defect, Mind], new ReturnLine(1, 1, Faulty, null), new ReturnLine(2, 1, MindChanged, null)))
            .Code.ShouldBe("return.resolution_not_allowed");
        Should.Throw<DomainException>(() => Create([Mind], new ReturnLine(1, 1, Faulty, null))).Code.ShouldBe("return.reason_unknown");
        // Without the reasons (seed data, older callers) only the version's rows are known: the stricter reading.
        Should.Throw<DomainException>(() => Create(null, new ReturnLine(1, 1, Faulty, null))).Code.ShouldBe("return.resolution_not_allowed");
    }
}

public sealed class ReasonRemedyTests_Sqlite(SqliteTestDatabase db) : ReasonRemedyTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class ReasonRemedyTests_Postgres(PostgresTestDatabase db) : ReasonRemedyTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>Saved: the starter (hence the customer flow, the API and the assisted form) follows the reason's flags of now.</summary>
public abstract class ReasonRemedyTests(TestDatabase database)
{
    private readonly FakeClock clock = new();

    [Fact]
    public async Task A_reason_flagged_defect_after_its_version_forbade_a_refund_is_refunded_by_the_starter()
    {
        ReturnGraph graph;
        await using (var db = database.CreateContext(clock))
        {
            graph = await TestData.InsertReturnGraphAsync(db, clock);
            var current = await db.Policies.WithTerms().SingleAsync(p => p.Id == graph.Policy.Id);
            var proposed = current.CopyTerms();
            proposed.ReasonResolutions.Add(new PolicyReasonResolution { ReasonId = graph.Reason.Id, AllowRefund = false });
            db.Policies.Add(PolicyVersions.Publish(current, proposed, "manager@shop.fr", null, clock.UtcDateTime, null, await db.Reasons.ToListAsync()));
            await db.SaveChangesAsync();
        }
        var command = new StartReturnCommand(graph.Order.Id, [new StartLine(graph.OrderLine.Id, 1, graph.Reason.Id, null, null, [])],
            Resolution.Refund, ReturnMethod.DropOff, graph.DropOffPoint.Id, null, "fr", Guid.NewGuid().ToString("N"));
        await using (var db = database.CreateContext(clock))
        {
            (await Starter(db).CheckAsync(command, StartStep.Solution, default)).Errors.Select(e => e.Code).ShouldBe(["resolution_not_allowed"]);
            // A manager then flags the reason as a defect on the Reasons page; the version in force is not republished.
            var reason = await db.Reasons.SingleAsync(r => r.Id == graph.Reason.Id);
            reason.SetFlags(isDefect: true, isMerchantFault: false, photoWanted: false);
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateContext(clock))
        {
            (await Starter(db).CheckAsync(command, StartStep.Solution, default)).Errors.ShouldBeEmpty();
            var result = await Starter(db).StartAsync(command, "customer", default);
            result.Errors.ShouldBeEmpty();
            result.Succeeded.ShouldBeTrue();
        }

        await using var check = database.CreateContext(clock);
        var made = await check.Returns.SingleAsync(r => r.OrderId == graph.Order.Id);
        made.Resolution.ShouldBe(Resolution.Refund);
        (await check.Policies.Where(p => p.Id == made.PolicyId).Select(p => p.VersionNumber).SingleAsync()).ShouldBe(2);
    }

    private ReturnStarter Starter(Domain.Persistence.ReturnsDbContext db) =>
        new(db, new ReturnEligibility(db, clock), new StockReservations(db, new StockLedger(db), clock), new WarehouseRouting(db), clock);
}
