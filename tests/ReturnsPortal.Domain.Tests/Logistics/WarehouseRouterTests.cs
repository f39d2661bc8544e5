using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Logistics;

namespace ReturnsPortal.Domain.Tests.Logistics;

/// <summary>Which warehouse a return goes to (ADR 0083): category rules first, then region rules, each by priority, then the default.</summary>
public sealed class WarehouseRouterTests
{
    private const int Lyon = 1;
    private const int Orleans = 2;
    private const int Lille = 3;
    private const int Shoes = 10;
    private const int Electronics = 11;
    private const int Clothing = 12;

    private static RoutingRule Category(int categoryId, int warehouseId, int priority) =>
        RoutingRule.Create(new RoutingRuleSpec(RoutingCondition.Category, categoryId, null, warehouseId), priority);

    private static RoutingRule Postcode(string prefix, int warehouseId, int priority) =>
        RoutingRule.Create(new RoutingRuleSpec(RoutingCondition.Postcode, null, prefix, warehouseId), priority);

    private static RoutingRule Country(string code, int warehouseId, int priority) =>
        RoutingRule.Create(new RoutingRuleSpec(RoutingCondition.Country, null, code, warehouseId), priority);

    [Fact]
    public void A_category_rule_sends_a_return_with_a_line_of_that_category_to_its_warehouse()
    {
        RoutingRule[] rules = [Category(Electronics, Orleans, 10)];

        WarehouseRouter.Pick(rules, [Electronics], "69003", "FR", Lyon).ShouldBe(Orleans);
        WarehouseRouter.Pick(rules, [Shoes], "69003", "FR", Lyon).ShouldBe(Lyon);
    }

    [Fact]
    public void A_return_of_several_categories_follows_the_first_category_rule_by_priority_that_matches_any_line()
    {
        RoutingRule[] rules = [Category(Shoes, Lille, 20), Category(Electronics, Orleans, 10)];

        WarehouseRouter.Pick(rules, [Shoes, Electronics], null, null, Lyon).ShouldBe(Orleans);
        WarehouseRouter.Pick(rules, [Shoes, Clothing], null, null, Lyon).ShouldBe(Lille);
    }

    [Fact]
    public void Category_rules_come_before_region_rules_whatever_their_priority()
    {
        RoutingRule[] rules = [Postcode("59", Lille, 10), Category(Electronics, Orleans, 90)];

        WarehouseRouter.Pick(rules, [Electronics], "59000", "FR", Lyon).ShouldBe(Orleans);
        WarehouseRouter.Pick(rules, [Clothing], "59000", "FR", Lyon).ShouldBe(Lille);
    }

    [Theory]
    [InlineData("59000", "FR", Lille)]
    [InlineData("59 800", null, Lille)]
    [InlineData("62100", "FR", Lyon)]
    // A Belgian postcode is not a French département.
    [InlineData("5900", "BE", Orleans)]
    [InlineData("1000", "be", Orleans)]
    [InlineData("1200", "CH", Lyon)]
    public void Region_rules_match_a_french_postcode_prefix_or_the_country(string postcode, string? country, int expected)
    {
        RoutingRule[] rules = [Postcode("59", Lille, 10), Country("BE", Orleans, 20)];

        WarehouseRouter.Pick(rules, [Clothing], postcode, country, Lyon).ShouldBe(expected);
    }

    [Fact]
    public void Among_region_rules_the_lower_priority_wins_and_a_retired_rule_is_ignored()
    {
        var wide = Postcode("6", Lille, 10);
        var narrow = Postcode("69", Orleans, 20);

        WarehouseRouter.Pick([narrow, wide], [], "69003", "FR", Lyon).ShouldBe(Lille);
        wide.Retire();
        WarehouseRouter.Pick([narrow, wide], [], "69003", "FR", Lyon).ShouldBe(Orleans);
        narrow.Retire();
        WarehouseRouter.Pick([narrow, wide], [], "69003", "FR", Lyon).ShouldBe(Lyon);
    }

    [Fact]
    public void Without_rules_every_return_goes_to_the_default_warehouse()
    {
        WarehouseRouter.Pick([], [Electronics], "69003", "FR", Lyon).ShouldBe(Lyon);
    }

    [Theory]
    [InlineData(RoutingCondition.Category, null, null, "routing.condition_empty")]
    [InlineData(RoutingCondition.Postcode, null, "  ", "routing.condition_empty")]
    [InlineData(RoutingCondition.Postcode, null, "69A", "routing.postcode_invalid")]
    [InlineData(RoutingCondition.Postcode, null, "691000", "routing.postcode_invalid")]
    [InlineData(RoutingCondition.Country, null, "", "routing.condition_empty")]
    [InlineData(RoutingCondition.Country, null, "FRA", "routing.country_invalid")]
    [InlineData(RoutingCondition.Postcode, null, " 69 1", null)]
    [InlineData(RoutingCondition.Country, null, "be", null)]
    [InlineData(RoutingCondition.Category, 5, null, null)]
    public void An_empty_or_malformed_condition_is_refused(RoutingCondition condition, int? categoryId, string? value, string? code)
    {
        var spec = new RoutingRuleSpec(condition, categoryId, value, Lyon);

        RoutingRuleBook.FormatProblem(spec).ShouldBe(code);
        if (code is null)
        {
            RoutingRule.Create(spec, 10).Value.ShouldBe(RoutingRuleBook.Normalise(value));
        }
        else
        {
            Should.Throw<DomainException>(() => RoutingRule.Create(spec, 10)).Code.ShouldBe(code);
        }
    }
}
