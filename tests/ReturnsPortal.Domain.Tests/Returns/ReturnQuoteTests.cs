using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Tests.Returns;

public sealed class ReturnQuoteTests
{
    private static ReturnPolicy Policy(decimal restocking = 0m, long pickupFee = 490, bool firstReturnFree = false, decimal bonus = 10m)
    {
        var policy = new ReturnPolicy
        {
            Name = "Test",
            RestockingFeePercent = restocking,
            FirstReturnFree = firstReturnFree,
            StoreCreditBonusPercent = bonus,
        };
        policy.MethodFees.Add(new PolicyMethodFee { Method = ReturnMethod.DropOff, Fee = Money.Eur(0) });
        policy.MethodFees.Add(new PolicyMethodFee { Method = ReturnMethod.Pickup, Fee = Money.Eur(pickupFee) });
        return policy;
    }

    private static QuoteLineInput Line(long price, int quantity = 1, bool merchantBearsCost = false, int id = 1) =>
        new(id, Money.Eur(price), quantity, merchantBearsCost);

    [Fact]
    public void A_free_method_refunds_the_price_paid_times_the_quantity()
    {
        var quote = ReturnQuote.Calculate(Policy(), [Line(2500, 2)], Resolution.Refund, ReturnMethod.DropOff, isFirstReturn: false);

        quote.Paid.ShouldBe(Money.Eur(5000));
        quote.Lines.Single().Refund.ShouldBe(Money.Eur(5000));
        quote.Waiver.ShouldBe(LabelFeeWaiver.MethodIsFree);
        quote.LabelFee.ShouldBe(Money.Eur(0));
        quote.Refund.ShouldBe(Money.Eur(5000));
        quote.Payout.ShouldBe(Money.Eur(5000));
    }

    [Fact]
    public void A_paid_method_deducts_its_label_fee_from_the_refund()
    {
        var quote = ReturnQuote.Calculate(Policy(), [Line(5000)], Resolution.Refund, ReturnMethod.Pickup, isFirstReturn: false);

        quote.Waiver.ShouldBe(LabelFeeWaiver.None);
        quote.PolicyLabelFee.ShouldBe(Money.Eur(490));
        quote.LabelFee.ShouldBe(Money.Eur(490));
        quote.Refund.ShouldBe(Money.Eur(4510));
    }

    [Fact]
    public void The_restocking_fee_is_a_rounded_percentage_of_each_line()
    {
        var quote = ReturnQuote.Calculate(Policy(restocking: 7.5m), [Line(1990, 1, id: 1), Line(3333, 3, id: 2)], Resolution.Refund, ReturnMethod.DropOff, false);

        quote.Lines[0].RestockingFee.ShouldBe(Money.Eur(149)); // 149.25 → 149
        quote.Lines[1].RestockingFee.ShouldBe(Money.Eur(750)); // 9999 × 7.5 % = 749.925 → 750
        quote.RestockingFees.ShouldBe(Money.Eur(899));
        quote.Refund.ShouldBe(Money.Eur(1990 + 9999 - 899));
    }

    [Fact]
    public void A_defect_or_the_merchants_fault_waives_the_restocking_fee_of_its_line_and_the_label()
    {
        var quote = ReturnQuote.Calculate(Policy(restocking: 10m), [Line(5000, merchantBearsCost: true, id: 1), Line(2000, id: 2)],
            Resolution.Refund, ReturnMethod.Pickup, false);

        quote.Lines[0].RestockingFee.ShouldBe(Money.Eur(0));
        quote.Lines[1].RestockingFee.ShouldBe(Money.Eur(200));
        quote.Waiver.ShouldBe(LabelFeeWaiver.DefectOrMerchantFault);
        quote.LabelFee.ShouldBe(Money.Eur(0));
        quote.Refund.ShouldBe(Money.Eur(6800));
    }

    [Theory]
    [InlineData(true, true, LabelFeeWaiver.FirstReturn, 5000)]
    [InlineData(true, false, LabelFeeWaiver.None, 4510)]
    [InlineData(false, true, LabelFeeWaiver.None, 4510)]
    public void The_first_return_is_free_only_when_the_policy_says_so(bool firstReturnFree, bool isFirst, LabelFeeWaiver waiver, long refund)
    {
        var quote = ReturnQuote.Calculate(Policy(firstReturnFree: firstReturnFree), [Line(5000)], Resolution.Refund, ReturnMethod.Pickup, isFirst);

        quote.Waiver.ShouldBe(waiver);
        quote.Refund.ShouldBe(Money.Eur(refund));
    }

    [Fact]
    public void Store_credit_adds_its_bonus_to_the_refund()
    {
        var quote = ReturnQuote.Calculate(Policy(bonus: 10m), [Line(5000)], Resolution.StoreCredit, ReturnMethod.DropOff, false);

        quote.Refund.ShouldBe(Money.Eur(5000));
        quote.StoreCreditBonusPercent.ShouldBe(10m);
        quote.StoreCreditBonus.ShouldBe(Money.Eur(500));
        quote.Payout.ShouldBe(Money.Eur(5500));
    }

    [Fact]
    public void Store_credit_bonus_comes_after_fees()
    {
        var quote = ReturnQuote.Calculate(Policy(restocking: 10m, bonus: 10m), [Line(5000)], Resolution.StoreCredit, ReturnMethod.Pickup, false);

        quote.Refund.ShouldBe(Money.Eur(5000 - 500 - 490));
        quote.StoreCreditBonus.ShouldBe(Money.Eur(401)); // 4010 × 10 %
        quote.Payout.ShouldBe(Money.Eur(4411));
    }

    [Fact]
    public void A_refund_has_no_bonus()
    {
        var quote = ReturnQuote.Calculate(Policy(bonus: 10m), [Line(5000)], Resolution.Refund, ReturnMethod.DropOff, false);

        quote.StoreCreditBonus.ShouldBe(Money.Eur(0));
        quote.Payout.ShouldBe(quote.Refund);
    }

    [Fact]
    public void An_exchange_costs_nothing_and_refunds_nothing()
    {
        var quote = ReturnQuote.Calculate(Policy(restocking: 10m), [Line(5000)], Resolution.Exchange, ReturnMethod.Pickup, false);

        quote.RestockingFees.ShouldBe(Money.Eur(0));
        quote.Waiver.ShouldBe(LabelFeeWaiver.Exchange);
        quote.LabelFee.ShouldBe(Money.Eur(0));
        quote.Refund.ShouldBe(Money.Eur(0));
        quote.Payout.ShouldBe(Money.Eur(0));
    }

    [Fact]
    public void A_label_fee_above_the_refund_is_capped_so_the_amount_is_never_negative()
    {
        var quote = ReturnQuote.Calculate(Policy(restocking: 50m, pickupFee: 2000), [Line(1000)], Resolution.Refund, ReturnMethod.Pickup, false);

        quote.LabelFee.ShouldBe(Money.Eur(500));
        quote.Refund.ShouldBe(Money.Eur(0));
        quote.Payout.ShouldBe(Money.Eur(0));
    }

    [Theory]
    [InlineData(150)]
    [InlineData(-20)]
    public void A_restocking_percentage_out_of_range_never_takes_more_than_was_paid_nor_adds_to_it(double percent)
    {
        var quote = ReturnQuote.Calculate(Policy(restocking: (decimal)percent), [Line(3000)], Resolution.Refund, ReturnMethod.DropOff, false);

        quote.Refund.Minor.ShouldBeInRange(0, 3000);
        quote.Lines.Single().RestockingFee.Minor.ShouldBeInRange(0, 3000);
    }

    [Fact]
    public void Every_combination_stays_between_zero_and_what_was_paid()
    {
        foreach (var resolution in Enum.GetValues<Resolution>())
            foreach (var method in Enum.GetValues<ReturnMethod>())
                foreach (var restocking in new[] { 0m, 15m, 100m })
                    foreach (var first in new[] { true, false })
                        foreach (var defect in new[] { true, false })
                        {
                            var quote = ReturnQuote.Calculate(Policy(restocking, 990, first, 10m), [Line(799, 2, defect, 1), Line(10, 1, false, 2)], resolution, method, first);
                            quote.Refund.Minor.ShouldBeInRange(0, quote.Paid.Minor);
                            quote.LabelFee.Minor.ShouldBeGreaterThanOrEqualTo(0);
                            quote.Payout.Minor.ShouldBe(quote.Refund.Minor + quote.StoreCreditBonus.Minor);
                            quote.Lines.ShouldAllBe(l => l.Refund.Minor >= 0 && l.Refund.Minor <= l.Paid.Minor);
                        }
    }

    [Fact]
    public void A_quote_needs_lines_with_positive_quantities()
    {
        Should.Throw<DomainException>(() => ReturnQuote.Calculate(Policy(), [], Resolution.Refund, ReturnMethod.DropOff, false));
        Should.Throw<DomainException>(() => ReturnQuote.Calculate(Policy(), [Line(100, 0)], Resolution.Refund, ReturnMethod.DropOff, false));
    }
}
