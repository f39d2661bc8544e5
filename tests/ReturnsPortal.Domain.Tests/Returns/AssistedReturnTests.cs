using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Analytics;
using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Logistics;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Returns;

/// <summary>Goodwill overrides from plain facts (ADR 0037).</summary>
public sealed class GoodwillRuleTests
{
    private static readonly DateTime Delivered = new(2026, 6, 10, 12, 0, 0, DateTimeKind.Utc);
    private static readonly PolicyFacts ThirtyDays = new(30, WindowStart.Delivery, []);

    private static OrderFacts Order(NonReturnableReason? excluded = null, PriorReturnLine[]? prior = null) =>
        new(7, "CMD-7", Delivered.AddDays(-3), Delivered.AddDays(-1), Delivered,
            [new LineFacts(1, 101, "SKU-1", "Robe", "M", "Noir", 1, excluded, 2)], prior ?? []);

    [Fact]
    public void Goodwill_makes_a_line_outside_the_window_eligible_and_names_the_overridden_rule()
    {
        var refused = ReturnEligibility.Compute(Order(), ThirtyDays, Delivered.AddDays(90)).Lines.Single();
        refused.Eligible.ShouldBeFalse();
        refused.NotEligibleReason.ShouldBe(IneligibleReason.WindowClosed);
        refused.QuantityLeft.ShouldBe(2);

        var granted = GoodwillExceptions.Override(refused);

        granted.Eligible.ShouldBeTrue();
        granted.DefectOnly.ShouldBeFalse();
        granted.QuantityReturnable.ShouldBe(2);
        granted.NotEligibleReason.ShouldBeNull();
        granted.OverriddenByGoodwill.ShouldBe(IneligibleReason.WindowClosed);
    }

    [Fact]
    public void Goodwill_accepts_a_hygiene_item_and_even_after_the_legal_guarantee()
    {
        var refused = ReturnEligibility.Compute(Order(NonReturnableReason.Hygiene), ThirtyDays, Delivered.AddYears(3)).Lines.Single();
        refused.QuantityReturnable.ShouldBe(0);

        var granted = GoodwillExceptions.Override(refused);

        granted.Eligible.ShouldBeTrue();
        granted.QuantityReturnable.ShouldBe(2);
        granted.OverriddenByGoodwill.ShouldBe(IneligibleReason.NonReturnable);
        granted.NonReturnableReason.ShouldBe(NonReturnableReason.Hygiene);
    }

    [Fact]
    public void Goodwill_never_returns_more_than_is_left_nor_an_undelivered_order_and_leaves_eligible_lines_alone()
    {
        var returned = ReturnEligibility.Compute(
            Order(prior: [new PriorReturnLine(1, 2, ReturnStatus.Closed)]), ThirtyDays, Delivered.AddDays(90)).Lines.Single();
        GoodwillExceptions.Override(returned).ShouldBe(returned);

        var undelivered = ReturnEligibility.Compute(Order() with { DeliveredAt = null }, ThirtyDays, Delivered).Lines.Single();
        GoodwillExceptions.Override(undelivered).Eligible.ShouldBeFalse();

        var eligible = ReturnEligibility.Compute(Order(), ThirtyDays, Delivered.AddDays(2)).Lines.Single();
        GoodwillExceptions.Override(eligible).OverriddenByGoodwill.ShouldBeNull();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void A_goodwill_exception_without_a_reason_is_refused(string? reason) =>
        Should.Throw<DomainException>(() => GoodwillExceptions.CheckReason(reason)).Code.ShouldBe("return.goodwill_reason_required");

    [Fact]
    public void A_goodwill_reason_is_length_limited() =>
        Should.Throw<DomainException>(() => GoodwillExceptions.CheckReason(new string('x', ReturnRequest.GoodwillReasonLength + 1)))
            .Code.ShouldBe("return.goodwill_reason_too_long");
}

public sealed class AssistedReturnTests_Sqlite(SqliteTestDatabase db) : AssistedReturnTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class AssistedReturnTests_Postgres(PostgresTestDatabase db) : AssistedReturnTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>Assisted returns through the customer's own <see cref="ReturnStarter"/> (ADR 0036, 0037).</summary>
public abstract class AssistedReturnTests(TestDatabase database)
{
    private readonly FakeClock clock = new();

    private ReturnStarter Starter(ReturnsDbContext db) =>
        new(db, new ReturnEligibility(db, clock), new StockReservations(db, clock), new WarehouseRouting(db), clock);

    /// <summary>The graph's order, delivered <paramref name="deliveredDaysAgo"/> days ago.</summary>
    private async Task<ReturnGraph> ArrangeAsync(int deliveredDaysAgo)
    {
        await using var db = database.CreateContext(clock);
        var graph = await TestData.InsertReturnGraphAsync(db, clock);
        // Other tests' graphs are default policies too: this order's eligibility uses the lowest id, 30 days like this one.
        graph.Order.PlacedAt = clock.UtcDateTime.AddDays(-deliveredDaysAgo - 2);
        graph.Order.ShippedAt = clock.UtcDateTime.AddDays(-deliveredDaysAgo - 1);
        graph.Order.DeliveredAt = clock.UtcDateTime.AddDays(-deliveredDaysAgo);
        await db.SaveChangesAsync();
        return graph;
    }

    private static StartReturnCommand Command(ReturnGraph graph, AssistedStart? assisted) =>
        new(graph.Order.Id, [new StartLine(graph.OrderLine.Id, 1, graph.Reason.Id, "appel du client", null, [])],
            Resolution.Refund, ReturnMethod.InStore, null, null, "fr", Guid.NewGuid().ToString("N"), assisted);

    [Fact]
    public async Task An_agent_starts_a_return_for_the_customer_recorded_with_the_agent_and_channel()
    {
        var graph = await ArrangeAsync(deliveredDaysAgo: 3);

        await using (var db = database.CreateContext(clock))
        {
            var result = await Starter(db).StartAsync(
                Command(graph, new AssistedStart("agent@example.fr", AssistChannel.Phone)), "agent@example.fr", default);
            result.Errors.ShouldBeEmpty();
        }

        await using var check = database.CreateContext(clock);
        var request = await check.Returns.Include(r => r.History).Include(r => r.Lines).SingleAsync(r => r.OrderId == graph.Order.Id);
        request.Status.ShouldBe(ReturnStatus.Approved);
        request.AssistedBy.ShouldBe("agent@example.fr");
        request.AssistChannel.ShouldBe(AssistChannel.Phone);
        request.IsGoodwill.ShouldBeFalse();
        var created = request.History.Single(h => h.From == null);
        created.Actor.ShouldBe("agent@example.fr");
        created.Note.ShouldBe("assisted (Phone) by agent@example.fr");
        // The customer is told as usual: the creation is announced through the outbox.
        (await check.Outbox.CountAsync(m => m.Type == Domain.Notifications.MessageTypes.ReturnCreated && m.Payload.Contains(request.Rma))).ShouldBe(1);
    }

    [Fact]
    public async Task An_agent_without_goodwill_meets_the_customers_eligibility()
    {
        var graph = await ArrangeAsync(deliveredDaysAgo: 90);

        await using var db = database.CreateContext(clock);
        var result = await Starter(db).StartAsync(
            Command(graph, new AssistedStart("agent@example.fr", AssistChannel.Email)), "agent@example.fr", default);

        result.Succeeded.ShouldBeFalse();
        // Outside the window, only a defect under the legal guarantee is accepted, as for the customer.
        result.Errors.ShouldContain(new StartError("reason_defect_only", graph.OrderLine.Id));
        (await db.Returns.CountAsync(r => r.OrderId == graph.Order.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task A_managers_goodwill_accepts_a_line_outside_the_window_and_records_why_and_who()
    {
        var graph = await ArrangeAsync(deliveredDaysAgo: 90);
        var assisted = new AssistedStart("manager@example.fr", AssistChannel.InStore, new GoodwillGrant("  Fidèle cliente, geste commercial  ", "manager@example.fr"));

        await using (var db = database.CreateContext(clock))
        {
            var result = await Starter(db).StartAsync(Command(graph, assisted), "manager@example.fr", default);
            result.Errors.ShouldBeEmpty();
        }

        await using var check = database.CreateContext(clock);
        var request = await check.Returns.Include(r => r.History).Include(r => r.Lines).SingleAsync(r => r.OrderId == graph.Order.Id);
        request.IsGoodwill.ShouldBeTrue();
        request.GoodwillReason.ShouldBe("Fidèle cliente, geste commercial");
        request.GoodwillGrantedBy.ShouldBe("manager@example.fr");
        request.Lines.Single().GoodwillOverride.ShouldBe(IneligibleReason.WindowClosed);
        request.History.Single(h => h.From == null).Note!.ShouldContain("goodwill granted by manager@example.fr (overrides WindowClosed): Fidèle cliente");

        // Counted apart in analytics: this is the only goodwill return of this database.
        var today = ReturnEligibility.ParisDate(clock.UtcDateTime);
        var kpi = await GoodwillReturns.InPeriodAsync(check, new AnalyticsPeriod(today, today.AddDays(1)), default);
        kpi.Returns.ShouldBe(1);
        kpi.Value.ShouldBe([request.RefundEstimate]);
        (await GoodwillReturns.InPeriodAsync(check, new AnalyticsPeriod(today.AddDays(1), today.AddDays(2)), default)).Returns.ShouldBe(0);
    }

    [Fact]
    public async Task Goodwill_without_a_reason_saves_nothing()
    {
        var graph = await ArrangeAsync(deliveredDaysAgo: 90);
        var assisted = new AssistedStart("manager@example.fr", AssistChannel.Phone, new GoodwillGrant(" ", "manager@example.fr"));

        await using var db = database.CreateContext(clock);
        var result = await Starter(db).StartAsync(Command(graph, assisted), "manager@example.fr", default);

        result.Errors.ShouldContain(new StartError("goodwill_reason_required"));
        (await db.Returns.CountAsync(r => r.OrderId == graph.Order.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task Goodwill_granted_for_an_eligible_line_is_not_counted_as_goodwill()
    {
        var graph = await ArrangeAsync(deliveredDaysAgo: 3);
        var assisted = new AssistedStart("manager@example.fr", AssistChannel.Phone, new GoodwillGrant("par principe", "manager@example.fr"));

        await using (var db = database.CreateContext(clock))
        {
            (await Starter(db).StartAsync(Command(graph, assisted), "manager@example.fr", default)).Errors.ShouldBeEmpty();
        }

        await using var check = database.CreateContext(clock);
        var request = await check.Returns.Include(r => r.Lines).SingleAsync(r => r.OrderId == graph.Order.Id);
        request.IsGoodwill.ShouldBeFalse();
        request.GoodwillReason.ShouldBeNull();
        request.Lines.Single().GoodwillOverride.ShouldBeNull();
    }
}
