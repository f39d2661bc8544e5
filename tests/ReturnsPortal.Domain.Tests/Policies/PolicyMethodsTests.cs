using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Logistics;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Policies;

/// <summary>Return methods switched on or off per policy version: at least one stays on, and a return keeps its version's methods.</summary>
public sealed class PolicyMethodsRulesTests
{
    [Fact]
    public void Switching_every_method_off_is_refused_and_one_method_left_on_is_enough()
    {
        var policy = new ReturnPolicy { Name = "P", OfferDropOff = false, OfferPickup = false, OfferInStore = false, ApprovalThresholds = { new() { Currency = Money.Euro, FourEyesMinor = 1, WriteOffMinor = 1 } } };
        PolicyRules.Check(policy, null).ShouldContain(new PolicyError("policy.method_required", "OfferDropOff"));

        policy.OfferInStore = true;
        PolicyRules.Check(policy, null).Select(e => e.Code).ShouldNotContain("policy.method_required");
        policy.Offers(ReturnMethod.InStore).ShouldBeTrue();
        policy.Offers(ReturnMethod.DropOff).ShouldBeFalse();
    }

    [Fact]
    public void A_method_switched_off_is_copied_to_the_next_version_and_listed_in_the_change_summary()
    {
        var current = new ReturnPolicy { Name = "P", ApprovalThresholds = { new() { Currency = Money.Euro, FourEyesMinor = 1, WriteOffMinor = 1 } } };
        var proposed = current.CopyTerms();
        proposed.OfferPickup = false;

        proposed.CopyTerms().OfferPickup.ShouldBeFalse();
        PolicyDiff.Compare(current, proposed).ShouldBe([new PolicyChange("OfferPickup", "True", "False")]);
    }

    [Fact]
    public void A_return_cannot_be_made_with_a_method_its_version_does_not_offer()
    {
        var policy = new ReturnPolicy { Name = "P", OfferPickup = false, ApprovalThresholds = { new() { Currency = Money.Euro, FourEyesMinor = 1, WriteOffMinor = 1 } } };
        var order = new Order { Id = 1, Number = "CMD-1", Email = "a@b.fr", CustomerName = "A", Postcode = "69003" };

        Should.Throw<DomainException>(() => ReturnRequest.Create("RP-7KXM-4QHT", order, policy, [new ReturnLine(1, 1, 1, null)],
            Resolution.Refund, ReturnMethod.Pickup, null, 1, "fr", "customer", DateTime.UtcNow)).Code.ShouldBe("return.method_not_offered");
    }
}

public sealed class PolicyMethodsTests_Sqlite(SqliteTestDatabase db) : PolicyMethodsTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class PolicyMethodsTests_Postgres(PostgresTestDatabase db) : PolicyMethodsTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>Saved: a version that switches a method off refuses it for new returns, and returns made before keep theirs.</summary>
public abstract class PolicyMethodsTests(TestDatabase database)
{
    private readonly FakeClock clock = new();

    [Fact]
    public async Task A_return_made_under_version_N_keeps_its_method_after_version_N_plus_1_switches_it_off()
    {
        ReturnGraph graph;
        string rma;
        await using (var db = database.CreateContext(clock))
        {
            graph = await TestData.InsertReturnGraphAsync(db, clock);
            var request = await graph.NewReturnAsync(db, "customer", clock.UtcDateTime);
            request.Approve("agent", clock.UtcDateTime);
            db.Returns.Add(request);
            await db.SaveChangesAsync();
            rma = request.Rma;
        }
        await using (var db = database.CreateContext(clock))
        {
            var current = await db.Policies.WithTerms().SingleAsync(p => p.Id == graph.Policy.Id);
            var proposed = current.CopyTerms();
            proposed.OfferDropOff = false;
            db.Policies.Add(PolicyVersions.Publish(current, proposed, "manager@shop.fr", null, clock.UtcDateTime, null));
            await db.SaveChangesAsync();
        }

        await using var check = database.CreateContext(clock);
        var made = await check.Returns.Include(r => r.Policy).SingleAsync(r => r.Rma == rma);
        made.PolicyId.ShouldBe(graph.Policy.Id);
        made.Method.ShouldBe(ReturnMethod.DropOff);
        made.Policy!.Offers(ReturnMethod.DropOff).ShouldBeTrue("the return follows the version it was made under");
        made.Policy.VersionNumber.ShouldBe(1);

        var starter = new ReturnStarter(check, new ReturnEligibility(check, clock), new StockReservations(check, new StockLedger(check), clock), new WarehouseRouting(check), clock);
        var command = new StartReturnCommand(graph.Order.Id, [new StartLine(graph.OrderLine.Id, 1, graph.Reason.Id, null, null, [])],
            Resolution.Refund, ReturnMethod.DropOff, graph.DropOffPoint.Id, null, "fr", "k");
        (await starter.CheckAsync(command, StartStep.Shipping, default)).Errors.Select(e => e.Code).ShouldBe(["method_not_offered"]);
        (await starter.CheckAsync(command with { Method = ReturnMethod.InStore, DropOffPointId = null }, StartStep.Shipping, default)).Errors.ShouldBeEmpty();
    }
}
