using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;

namespace ReturnsPortal.Domain.Tests.BackOffice;

public sealed class RefundCalculatorTests
{
    private static readonly Money Price = Money.Eur(10_000);
    private static readonly Money Label = Money.Eur(500);

    private static RefundLine Line(
        int id = 1, int quantity = 1, LineVerdict verdict = LineVerdict.Accept, ItemGrade? grade = ItemGrade.A, bool fault = false,
        Money? manual = null, Money? price = null) =>
        new(id, price ?? Price, quantity, verdict, grade, fault, manual);

    /// <summary>Every verdict × grade × fault × restocking × label: the invariants hold and the arithmetic adds up.</summary>
    public static TheoryData<LineVerdict, ItemGrade, bool, int, bool> Combinations()
    {
        var data = new TheoryData<LineVerdict, ItemGrade, bool, int, bool>();
        foreach (var verdict in Enum.GetValues<LineVerdict>())
        {
            foreach (var grade in Enum.GetValues<ItemGrade>())
            {
                foreach (var fault in new[] { false, true })
                {
                    foreach (var restocking in new[] { 0, 15 })
                    {
                        foreach (var label in new[] { false, true })
                        {
                            data.Add(verdict, grade, fault, restocking, label);
                        }
                    }
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Every_combination_gives_the_expected_amounts(LineVerdict verdict, ItemGrade grade, bool fault, int restocking, bool withLabel)
    {
        var result = RefundCalculator.Calculate([Line(quantity: 2, verdict: verdict, grade: grade, fault: fault)], restocking,
            withLabel ? Label : Money.Eur(0), Money.Euro);

        var line = result.Lines.ShouldHaveSingleItem();
        line.PricePaid.ShouldBe(Money.Eur(20_000));
        var rejected = verdict is LineVerdict.RejectReturnToCustomer or LineVerdict.RejectDispose;
        long expectedRestocking = rejected || fault ? 0 : 20_000 * restocking / 100;
        long expectedDeduction = rejected || fault || verdict != LineVerdict.AcceptWithDeduction
            ? 0
            : Math.Min(20_000 - expectedRestocking, (long)(20_000 * RefundCalculator.DefaultDeductionPercent(grade) / 100));
        long expectedLabel = rejected || fault || !withLabel ? 0 : Math.Min(500, 20_000 - expectedRestocking - expectedDeduction);
        line.RestockingFee.Minor.ShouldBe(expectedRestocking);
        line.Deduction.Minor.ShouldBe(expectedDeduction);
        line.LabelFee.Minor.ShouldBe(expectedLabel);
        line.Total.Minor.ShouldBe(rejected ? 0 : 20_000 - expectedRestocking - expectedDeduction - expectedLabel);
        line.Total.Minor.ShouldBeInRange(0, line.PricePaid.Minor);
        result.Total.ShouldBe(line.Total);
    }

    [Fact]
    public void The_default_deduction_table_is_B_10_C_30_D_100()
    {
        RefundCalculator.DefaultDeductionPercent(ItemGrade.A).ShouldBe(0m);
        RefundCalculator.DefaultDeductionPercent(ItemGrade.B).ShouldBe(10m);
        RefundCalculator.DefaultDeductionPercent(ItemGrade.C).ShouldBe(30m);
        RefundCalculator.DefaultDeductionPercent(ItemGrade.D).ShouldBe(100m);
    }

    [Fact]
    public void A_grade_D_line_with_a_deduction_refunds_nothing_and_the_label_moves_to_the_next_line()
    {
        var result = RefundCalculator.Calculate(
            [Line(id: 1, verdict: LineVerdict.AcceptWithDeduction, grade: ItemGrade.D), Line(id: 2)], 0, Label, Money.Euro);

        result.Lines[0].Total.ShouldBe(Money.Eur(0));
        result.Lines[0].LabelFee.ShouldBe(Money.Eur(0));
        result.Lines[1].LabelFee.ShouldBe(Label);
        result.Total.ShouldBe(Money.Eur(9_500));
    }

    [Fact]
    public void The_label_fee_is_charged_once_per_return_and_is_free_when_any_line_is_the_merchants_fault()
    {
        RefundCalculator.Calculate([Line(id: 1), Line(id: 2)], 0, Label, Money.Euro).Total.ShouldBe(Money.Eur(19_500));
        RefundCalculator.Calculate([Line(id: 1), Line(id: 2, fault: true)], 0, Label, Money.Euro).Total.ShouldBe(Money.Eur(20_000));
    }

    [Fact]
    public void A_manual_deduction_replaces_the_grade_and_must_stay_within_the_price()
    {
        var result = RefundCalculator.Calculate(
            [Line(verdict: LineVerdict.AcceptWithDeduction, grade: ItemGrade.C, manual: Money.Eur(1_234))], 0, Money.Eur(0), Money.Euro);
        result.Total.ShouldBe(Money.Eur(8_766));

        Should.Throw<DomainException>(() => RefundCalculator.Calculate(
            [Line(verdict: LineVerdict.AcceptWithDeduction, manual: Money.Eur(10_001))], 0, Money.Eur(0), Money.Euro)).Code.ShouldBe("refund.deduction_range");
        Should.Throw<DomainException>(() => RefundCalculator.Calculate(
            [Line(verdict: LineVerdict.AcceptWithDeduction, manual: Money.Eur(-1))], 0, Money.Eur(0), Money.Euro)).Code.ShouldBe("refund.deduction_range");
    }

    [Fact]
    public void Fees_larger_than_the_price_never_make_a_negative_refund()
    {
        var cheap = Money.Eur(300);
        var result = RefundCalculator.Calculate([Line(price: cheap, verdict: LineVerdict.AcceptWithDeduction, grade: ItemGrade.C)], 100, Label, Money.Euro);

        var line = result.Lines.ShouldHaveSingleItem();
        line.RestockingFee.ShouldBe(cheap);
        line.Deduction.ShouldBe(Money.Eur(0));
        line.LabelFee.ShouldBe(Money.Eur(0));
        line.Total.ShouldBe(Money.Eur(0));
    }

    [Fact]
    public void Nothing_received_refunds_nothing_and_wrong_inputs_are_refused()
    {
        RefundCalculator.Calculate([Line(quantity: 0)], 0, Label, Money.Euro).Total.ShouldBe(Money.Eur(0));
        Should.Throw<DomainException>(() => RefundCalculator.Calculate([Line(quantity: -1)], 0, Label, Money.Euro));
        Should.Throw<DomainException>(() => RefundCalculator.Calculate([Line()], 101, Label, Money.Euro));
        Should.Throw<DomainException>(() => RefundCalculator.Calculate([Line()], 0, Money.Eur(-1), Money.Euro));
        Should.Throw<DomainException>(() => RefundCalculator.Calculate([Line(price: new Money(100, "USD"))], 0, Label, Money.Euro));
    }

    [Fact]
    public void Rounding_is_to_the_cent_and_partial_lines_add_up()
    {
        var result = RefundCalculator.Calculate(
            [Line(id: 1, price: Money.Eur(3_333), quantity: 3), Line(id: 2, price: Money.Eur(999), verdict: LineVerdict.AcceptWithDeduction, grade: ItemGrade.B)],
            12.5m, Money.Eur(0), Money.Euro);

        result.Lines[0].RestockingFee.ShouldBe(Money.Eur(1_250)); // 9999 × 12.5 % = 1249.875
        result.Lines[1].RestockingFee.ShouldBe(Money.Eur(125)); // 999 × 12.5 % = 124.875
        result.Lines[1].Deduction.ShouldBe(Money.Eur(100)); // 999 × 10 % = 99.9
        result.Total.ShouldBe(result.Lines[0].Total + result.Lines[1].Total);
        result.Total.ShouldBe(Money.Eur(9_999 - 1_250 + 999 - 125 - 100));
    }

    /// <summary>Manual deduction below, at and above the decider's limit, and no limit; with and without fault, restocking and label.</summary>
    public static TheoryData<long, long?, bool, int, bool> LimitCombinations()
    {
        var data = new TheoryData<long, long?, bool, int, bool>();
        foreach (var manual in new long[] { 0, 1_999, 2_000, 2_001, 5_000, 20_000, 20_001 })
        {
            foreach (var limit in new long?[] { null, 2_000, 5_000 })
            {
                foreach (var fault in new[] { false, true })
                {
                    foreach (var restocking in new[] { 0, 15 })
                    {
                        foreach (var withLabel in new[] { false, true })
                        {
                            data.Add(manual, limit, fault, restocking, withLabel);
                        }
                    }
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(LimitCombinations))]
    public void A_manual_deduction_above_the_deciders_limit_is_refused_and_otherwise_never_takes_a_line_below_zero(
        long manual, long? limit, bool fault, int restocking, bool withLabel)
    {
        var lines = new[] { Line(quantity: 2, verdict: LineVerdict.AcceptWithDeduction, grade: ItemGrade.C, fault: fault, manual: Money.Eur(manual)) };
        var label = withLabel ? Label : Money.Eur(0);
        Money? max = limit is { } l ? Money.Eur(l) : null;

        if (manual > 20_000)
        {
            Should.Throw<DomainException>(() => RefundCalculator.Calculate(lines, restocking, label, Money.Euro, manualDeductionLimit: max)).Code
                .ShouldBe("refund.deduction_range", "above the price paid is refused whatever the limit");
            return;
        }
        if (limit is { } l2 && manual > l2)
        {
            Should.Throw<DomainException>(() => RefundCalculator.Calculate(lines, restocking, label, Money.Euro, manualDeductionLimit: max)).Code.ShouldBe("refund.deduction_limit");
            return;
        }
        var line = RefundCalculator.Calculate(lines, restocking, label, Money.Euro, manualDeductionLimit: max).Lines.ShouldHaveSingleItem();
        long expectedRestocking = fault ? 0 : 20_000 * restocking / 100;
        var expectedDeduction = Math.Min(manual, 20_000 - expectedRestocking);
        long expectedLabel = fault || !withLabel ? 0 : Math.Min(500, 20_000 - expectedRestocking - expectedDeduction);
        (line.RestockingFee.Minor, line.Deduction.Minor, line.LabelFee.Minor).ShouldBe((expectedRestocking, expectedDeduction, expectedLabel));
        line.Total.Minor.ShouldBe(20_000 - expectedRestocking - expectedDeduction - expectedLabel);
        line.Total.Minor.ShouldBeInRange(0, line.PricePaid.Minor);
    }

    [Fact]
    public void The_limit_applies_to_amounts_a_person_types_not_to_the_policys_grade_deduction()
    {
        var result = RefundCalculator.Calculate(
            [Line(verdict: LineVerdict.AcceptWithDeduction, grade: ItemGrade.D)], 0, Money.Eur(0), Money.Euro, manualDeductionLimit: Money.Eur(2_000));

        result.Lines[0].Deduction.ShouldBe(Money.Eur(10_000), "grade D deducts everything whatever the decider's limit");
        result.Total.ShouldBe(Money.Eur(0));
    }
}
