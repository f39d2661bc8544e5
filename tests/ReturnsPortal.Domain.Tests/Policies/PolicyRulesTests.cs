using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Tests.Policies;

/// <summary>Guard rails, seasonal extensions, per-product and per-category rules, publishing (ADR 0080, 0081).</summary>
public sealed class PolicyRulesTests
{
    private const int Clothing = 1;
    private const int Beauty = 2;
    private static readonly TimeZoneInfo ParisZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly DateTime Now = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);

    private static DateTime Paris(int year, int month, int day, int hour = 12) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, month, day, hour, 0, 0, DateTimeKind.Unspecified), ParisZone);

    private static ReturnPolicy Valid()
    {
        var policy = new ReturnPolicy { Name = "Standard", IsDefault = true, ApprovalThresholds = { new() { Currency = Money.Euro, FourEyesMinor = 30_000, WriteOffMinor = 30_000 } } };
        policy.MethodFees.Add(new PolicyMethodFee { Method = ReturnMethod.DropOff, Fee = Money.Eur(0) });
        policy.MethodFees.Add(new PolicyMethodFee { Method = ReturnMethod.Pickup, Fee = Money.Eur(490) });
        return policy;
    }

    private static IEnumerable<string> Codes(ReturnPolicy policy, long? cheapest = 1_000) =>
        PolicyRules.Check(policy, cheapest is null ? null : Money.Eur(cheapest.Value)).Select(e => $"{e.Code}@{e.Field}");

    [Fact]
    public void A_sensible_policy_passes_every_guard_rail() => Codes(Valid()).ShouldBeEmpty();

    [Theory]
    [InlineData(0, "policy.window_not_positive")]
    [InlineData(-5, "policy.window_not_positive")]
    [InlineData(731, "policy.window_too_long")]
    public void The_window_is_at_least_one_day_and_at_most_two_years(int days, string code)
    {
        var policy = Valid();
        policy.WindowDays = days;
        Codes(policy).ShouldBe([$"{code}@WindowDays"]);
        policy.WindowDays = 1;
        Codes(policy).ShouldBeEmpty("a window shorter than 14 days is allowed: the withdrawal still gives 14 days");
    }

    [Fact]
    public void A_label_fee_above_the_cheapest_item_price_or_negative_is_refused()
    {
        var policy = Valid();
        policy.MethodFees[1].Fee = Money.Eur(1_001);
        Codes(policy).ShouldBe(["policy.fee_above_price@Fee.Pickup"]);
        policy.MethodFees[1].Fee = Money.Eur(1_000);
        Codes(policy).ShouldBeEmpty("a fee equal to the cheapest price is not above it");
        policy.MethodFees[0].Fee = Money.Eur(-1);
        Codes(policy).ShouldBe(["policy.fee_negative@Fee.DropOff"]);
    }

    [Theory]
    [InlineData(100.5, false)]
    [InlineData(-1, false)]
    [InlineData(100, true)]
    [InlineData(0, true)]
    public void The_bonus_restocking_and_deductions_are_percentages_between_0_and_100(double value, bool valid)
    {
        var percent = (decimal)value;
        var policy = Valid();
        policy.StoreCreditBonusPercent = percent;
        policy.RestockingFeePercent = percent;
        policy.DeductionPercentC = percent;
        policy.CategoryOverrides.Add(new PolicyCategoryOverride { CategoryId = Beauty, RestockingFeePercent = percent });
        var codes = Codes(policy).ToList();
        if (valid)
        {
            codes.ShouldBeEmpty();
        }
        else
        {
            codes.ShouldBe(
                ["policy.restocking_range@RestockingFeePercent", "policy.bonus_range@StoreCreditBonusPercent",
                 "policy.deduction_range@DeductionPercentC", $"policy.restocking_range@Category.{Beauty}.RestockingFeePercent"],
                ignoreOrder: true);
        }
    }

    [Fact]
    public void A_seasonal_extension_cannot_end_before_it_starts_nor_be_returnable_until_before_the_purchase_end()
    {
        var policy = Valid();
        policy.SeasonalExtensions.Add(new PolicySeasonalExtension
        {
            PurchasedFrom = new DateOnly(2026, 12, 31),
            PurchasedTo = new DateOnly(2026, 11, 15),
            ReturnableUntil = new DateOnly(2027, 1, 31),
        });
        policy.SeasonalExtensions.Add(new PolicySeasonalExtension
        {
            PurchasedFrom = new DateOnly(2026, 11, 15),
            PurchasedTo = new DateOnly(2026, 12, 31),
            ReturnableUntil = new DateOnly(2026, 12, 30),
        });
        Codes(policy).ShouldBe(["policy.seasonal_ends_before_start@Seasonal.0", "policy.seasonal_until_before_end@Seasonal.1"]);
    }

    [Fact]
    public void A_policy_without_refund_or_promising_a_refund_later_than_the_law_allows_is_refused()
    {
        var policy = Valid();
        policy.AllowRefund = false;
        policy.RefundServiceDays = 15;
        policy.LabelValidityDays = 0;
        Codes(policy).ShouldBe(
            ["policy.refund_required@AllowRefund", "policy.refund_days_range@RefundServiceDays", "policy.label_validity_range@LabelValidityDays"],
            ignoreOrder: true);
    }

    [Fact]
    public void Overrides_need_a_positive_window_and_a_product_only_once()
    {
        var policy = Valid();
        policy.CategoryOverrides.Add(new PolicyCategoryOverride { CategoryId = Beauty, WindowDays = 0 });
        policy.ProductOverrides.Add(new PolicyProductOverride { ProductId = 5, WindowDays = -1 });
        policy.ProductOverrides.Add(new PolicyProductOverride { ProductId = 5, NonReturnable = NonReturnableReason.FinalSale });
        Codes(policy).ShouldBe(
            [$"policy.window_not_positive@Category.{Beauty}.WindowDays", "policy.window_not_positive@Product.0", "policy.product_duplicate@Product.1"],
            ignoreOrder: true);
    }

    private static OrderFacts Order(DateTime placed, DateTime delivered, params LineFacts[] lines) =>
        new(1, "CMD-1", placed, placed.AddDays(1), delivered, lines, []);

    private static LineFacts Line(int id, int category = Clothing, int product = 10, NonReturnableReason? reason = null) =>
        new(id, 100 + id, $"SKU-{id}", $"Product {id}", null, null, category, reason, 1, product);

    private static PolicyFacts Christmas(int windowDays = 30)
    {
        var policy = Valid();
        policy.WindowDays = windowDays;
        policy.SeasonalExtensions.Add(new PolicySeasonalExtension
        {
            PurchasedFrom = new DateOnly(2026, 11, 15),
            PurchasedTo = new DateOnly(2026, 12, 31),
            ReturnableUntil = new DateOnly(2027, 1, 31),
        });
        return policy.ToFacts();
    }

    [Theory]
    [InlineData(11, 14, false)]
    [InlineData(11, 15, true)]
    [InlineData(12, 31, true)]
    public void A_seasonal_extension_covers_purchases_from_its_first_to_its_last_day_in_Paris(int month, int day, bool extended)
    {
        // Placed at 23:00 Paris time (22:00 UTC): the Paris day is what counts.
        var placed = Paris(2026, month, day, 23);
        var result = ReturnEligibility.Compute(Order(placed, placed.AddDays(2), Line(1)), Christmas(windowDays: 20), placed.AddDays(3));

        var deadline = result.Lines.ShouldHaveSingleItem().Deadline!.Value;
        if (extended)
        {
            deadline.ShouldBe(new DateOnly(2027, 1, 31));
        }
        else
        {
            deadline.ShouldBe(DateOnly.FromDateTime(placed).AddDays(2 + 20), "outside the season the ordinary 20 days from delivery apply");
        }
    }

    [Fact]
    public void A_seasonal_extension_is_returnable_on_its_last_day_and_not_the_day_after()
    {
        var placed = Paris(2026, 12, 20);
        var order = Order(placed, Paris(2026, 12, 22), Line(1));

        ReturnEligibility.Compute(order, Christmas(), Paris(2027, 1, 31, 23)).Lines[0].Eligible.ShouldBeTrue();
        var after = ReturnEligibility.Compute(order, Christmas(), Paris(2027, 2, 1, 0)).Lines[0];
        after.Eligible.ShouldBeFalse();
        after.NotEligibleReason.ShouldBe(IneligibleReason.WindowClosed);
        after.DefectOnly.ShouldBeTrue("the legal guarantee still runs");
    }

    [Fact]
    public void A_longer_ordinary_window_wins_over_a_shorter_season()
    {
        var placed = Paris(2026, 12, 30);
        var result = ReturnEligibility.Compute(Order(placed, Paris(2027, 1, 2), Line(1)), Christmas(windowDays: 60), placed);
        result.Lines[0].Deadline.ShouldBe(new DateOnly(2027, 3, 3));
    }

    [Fact]
    public void A_product_override_wins_over_its_category_and_a_policy_exclusion_keeps_the_legal_withdrawal_unless_legally_excluded()
    {
        var policy = Valid();
        policy.CategoryOverrides.Add(new PolicyCategoryOverride { CategoryId = Beauty, WindowDays = 7 });
        policy.ProductOverrides.Add(new PolicyProductOverride { ProductId = 20, WindowDays = 90 });
        policy.ProductOverrides.Add(new PolicyProductOverride { ProductId = 21, NonReturnable = NonReturnableReason.FinalSale });
        policy.ProductOverrides.Add(new PolicyProductOverride { ProductId = 22, NonReturnable = NonReturnableReason.Personalised });
        policy.CategoryOverrides.Add(new PolicyCategoryOverride { CategoryId = 3, NonReturnable = NonReturnableReason.FinalSale });
        var delivered = Paris(2026, 6, 10);
        var order = Order(delivered.AddDays(-2), delivered,
            Line(1, Beauty, 19), Line(2, Beauty, 20), Line(3, Clothing, 21), Line(4, Clothing, 22), Line(5, 3, 23));

        var lines = ReturnEligibility.Compute(order, policy.ToFacts(), delivered).Lines;

        lines[0].Deadline.ShouldBe(new DateOnly(2026, 6, 24), "the 7-day category window never goes below the 14-day withdrawal");
        lines[1].Deadline.ShouldBe(new DateOnly(2026, 9, 8), "the product's 90 days win over its category's 7");
        (lines[2].Eligible, lines[2].Deadline, lines[2].NonReturnableReason).ShouldBe((true, new DateOnly(2026, 6, 24), NonReturnableReason.FinalSale));
        (lines[3].Eligible, lines[3].NotEligibleReason, lines[3].DefectOnly).ShouldBe((false, IneligibleReason.NonReturnable, true));
        (lines[4].Eligible, lines[4].Deadline).ShouldBe((true, new DateOnly(2026, 6, 24)), "a final-sale category keeps the withdrawal");
    }

    [Fact]
    public void The_restocking_fee_of_a_category_applies_in_the_quote_and_is_waived_for_a_merchant_fault()
    {
        var policy = Valid();
        policy.RestockingFeePercent = 5m;
        policy.CategoryOverrides.Add(new PolicyCategoryOverride { CategoryId = Beauty, RestockingFeePercent = 20m });

        var quote = ReturnQuote.Calculate(policy,
            [new QuoteLineInput(1, Money.Eur(10_000), 1, false, Beauty), new QuoteLineInput(2, Money.Eur(10_000), 1, false, Clothing),
             new QuoteLineInput(3, Money.Eur(10_000), 1, true, Beauty)],
            Resolution.Refund, ReturnMethod.DropOff, isFirstReturn: false);

        quote.Lines.Select(l => l.RestockingFee.Minor).ShouldBe([2_000L, 500L, 0L]);
    }

    [Fact]
    public void The_refund_uses_the_policy_deductions_per_grade_and_per_category_restocking()
    {
        var policy = Valid();
        policy.DeductionPercentB = 25m;
        RefundLine Line(int id, ItemGrade grade, bool merchant = false, decimal? restocking = null) =>
            new(id, Money.Eur(10_000), 1, LineVerdict.AcceptWithDeduction, grade, merchant, null, restocking);

        var breakdown = RefundCalculator.Calculate(
            [Line(1, ItemGrade.B), Line(2, ItemGrade.B, restocking: 10m), Line(3, ItemGrade.B, merchant: true, restocking: 10m)],
            0m, Money.Eur(0), Money.Euro, policy.DeductionPercent);

        breakdown.Lines.Select(l => (l.RestockingFee.Minor, l.Deduction.Minor)).ShouldBe([(0L, 2_500L), (1_000L, 2_500L), (0L, 0L)]);
    }

    [Fact]
    public void Publishing_makes_the_next_version_with_who_when_and_what_changed_and_supersedes_the_current_one()
    {
        var current = Valid();
        current.VersionNumber = 3;
        var proposed = current.CopyTerms();
        proposed.WindowDays = 21;
        proposed.MethodFees.Single(f => f.Method == ReturnMethod.Pickup).Fee = Money.Eur(590);

        var published = PolicyVersions.Publish(current, proposed, "manager@example.fr", "  Winter  ", Now, Money.Eur(1_000));

        (published.VersionNumber, published.IsDefault, published.PublishedAt, published.PublishedBy, published.ChangeNote)
            .ShouldBe((4, true, (DateTime?)Now, "manager@example.fr", "Winter"));
        published.ChangeSummary!.Split('\n').ShouldBe(["WindowDays: 30 → 21", "Fee.Pickup: €4.90 → €5.90"]);
        (current.IsDefault, current.SupersededAt).ShouldBe((false, (DateTime?)Now));
        current.WindowDays.ShouldBe(30, "the old version keeps its terms");

        Should.Throw<DomainException>(() => PolicyVersions.Publish(current, current.CopyTerms(), "x", null, Now, null)).Code.ShouldBe("policy.superseded");
        Should.Throw<DomainException>(() => PolicyVersions.Publish(published, published.CopyTerms(), "x", null, Now, null)).Code.ShouldBe("policy.nothing_changed");
        var invalid = published.CopyTerms();
        invalid.StoreCreditBonusPercent = 150m;
        Should.Throw<PolicyRulesException>(() => PolicyVersions.Publish(published, invalid, "x", null, Now, null))
            .Errors.ShouldHaveSingleItem().Code.ShouldBe("policy.bonus_range");
        published.IsDefault.ShouldBeTrue("a refused publication changes nothing");
    }

    [Theory]
    [InlineData("Too Small")]
    [InlineData("")]
    [InlineData("trop-petit")]
    public void A_reason_code_is_lower_case_letters_digits_and_underscores(string code) =>
        Should.Throw<DomainException>(() => ReturnReason.Create(code, "Trop petit", "Too small", false, false, false, 10)).Code.ShouldBe("reason.code");

    [Fact]
    public void A_reason_needs_both_labels_and_retiring_keeps_it_for_the_returns_that_use_it()
    {
        var reason = ReturnReason.Create(" gift_twice ", " Cadeau en double ", "Gift twice", false, true, true, 10);
        (reason.Code, reason.LabelFr, reason.IsMerchantFault, reason.PhotoWanted, reason.IsActive).ShouldBe(("gift_twice", "Cadeau en double", true, true, true));
        Should.Throw<DomainException>(() => reason.Rename("Cadeau", "  ")).Code.ShouldBe("reason.label");
        reason.LabelFr.ShouldBe("Cadeau en double", "a refused rename changes nothing");

        reason.Retire();
        (reason.IsActive, reason.Label("en")).ShouldBe((false, "Gift twice"));
        reason.Reactivate();
        reason.IsActive.ShouldBeTrue();
    }
}
