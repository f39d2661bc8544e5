using ReturnsPortal.Domain.Policies;

namespace ReturnsPortal.Domain.Returns;

/// <summary>One returned line as the quote sees it: what was paid, how many, and whether the merchant bears the cost.</summary>
/// <param name="MerchantBearsCost">The reason is a defect or the merchant's fault: no restocking fee, free label.</param>
/// <param name="CategoryId">The product's category, for the policy's per-category restocking fee (null: the policy's own).</param>
public sealed record QuoteLineInput(int OrderLineId, Money UnitPricePaid, int Quantity, bool MerchantBearsCost, int? CategoryId = null);

public sealed record QuoteLine(int OrderLineId, int Quantity, Money Paid, Money RestockingFee, Money Refund);

/// <summary>Why the customer does not pay the label.</summary>
public enum LabelFeeWaiver
{
    None,
    MethodIsFree,
    DefectOrMerchantFault,
    FirstReturn,
    Exchange,
}

/// <summary>
/// The refund estimate shown before confirming, line by line: price paid × quantity, minus the policy's restocking
/// fee, minus the label fee (deducted from the refund, never charged beyond it), plus the store-credit bonus.
/// Pure: the same inputs always give the same quote, and no amount is negative or above what was paid
/// (the store-credit bonus excepted, which is the merchant's gift).
/// </summary>
public sealed record ReturnQuote(
    IReadOnlyList<QuoteLine> Lines,
    Resolution Resolution,
    Money Paid,
    Money RestockingFees,
    Money PolicyLabelFee,
    LabelFeeWaiver Waiver,
    Money LabelFee,
    Money Refund,
    decimal StoreCreditBonusPercent,
    Money StoreCreditBonus,
    Money Payout)
{
    public static ReturnQuote Calculate(
        ReturnPolicy policy, IReadOnlyList<QuoteLineInput> lines, Resolution resolution, ReturnMethod method, bool isFirstReturn)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            throw new DomainException("quote.no_lines", "A quote needs at least one line.");
        }
        if (lines.Any(l => l.Quantity <= 0 || l.UnitPricePaid.Minor < 0))
        {
            throw new DomainException("quote.invalid_line", "Quantities are positive and prices are not negative.");
        }
        var currency = lines[0].UnitPricePaid.Currency;
        var exchange = resolution == Resolution.Exchange;
        var quoteLines = lines.Select(l =>
        {
            var paid = l.UnitPricePaid.Times(l.Quantity);
            // An exchange keeps the sale; a defect or the merchant's fault is never the customer's cost.
            var restocking = exchange || l.MerchantBearsCost ? Money.Zero(currency) : paid.Percent(Math.Clamp(policy.RestockingPercentFor(l.CategoryId), 0m, 100m));
            return new QuoteLine(l.OrderLineId, l.Quantity, paid, restocking, exchange ? Money.Zero(currency) : paid - restocking);
        }).ToList();

        var policyFee = policy.LabelFee(method, currency);
        var waiver = exchange ? LabelFeeWaiver.Exchange
            : policyFee.Minor <= 0 ? LabelFeeWaiver.MethodIsFree
            : lines.Any(l => l.MerchantBearsCost) ? LabelFeeWaiver.DefectOrMerchantFault
            : policy.FirstReturnFree && isFirstReturn ? LabelFeeWaiver.FirstReturn
            : LabelFeeWaiver.None;
        var beforeFee = Sum(quoteLines.Select(l => l.Refund), currency);
        // The label fee is deducted from the refund, so it can never make the customer owe money.
        var labelFee = waiver == LabelFeeWaiver.None ? new Money(Math.Min(policyFee.Minor, beforeFee.Minor), currency) : Money.Zero(currency);
        var refund = beforeFee - labelFee;
        var bonusPercent = resolution == Resolution.StoreCredit ? Math.Max(0m, policy.StoreCreditBonusPercent) : 0m;
        var bonus = refund.Percent(bonusPercent);
        return new ReturnQuote(
            quoteLines, resolution, Sum(quoteLines.Select(l => l.Paid), currency), Sum(quoteLines.Select(l => l.RestockingFee), currency),
            policyFee, waiver, labelFee, refund, bonusPercent, bonus, refund + bonus);
    }

    private static Money Sum(IEnumerable<Money> amounts, string currency) =>
        amounts.Aggregate(Money.Zero(currency), (total, m) => total + m);
}
