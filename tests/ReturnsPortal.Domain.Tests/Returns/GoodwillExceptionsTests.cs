using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Tests.Returns;

/// <summary>Goodwill overrides from plain facts (ADR 0037).</summary>
public sealed class GoodwillExceptionsTests
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
