namespace ReturnsPortal.Domain.BackOffice;

/// <summary>One line as the calculator sees it.</summary>
public sealed record RefundLine(
    int LineId, Money UnitPricePaid, int QuantityReceived, LineVerdict Verdict, ItemGrade? Grade, bool MerchantBearsCost,
    Money? ManualDeduction = null, decimal? RestockingFeePercent = null);

/// <summary>One line's refund: price paid for what came back, minus fees and deduction; never negative, never above the price.</summary>
public sealed record RefundLineResult(int LineId, Money PricePaid, Money RestockingFee, Money LabelFee, Money Deduction, Money Total);

public sealed record RefundBreakdown(IReadOnlyList<RefundLineResult> Lines, Money Total);

/// <summary>
/// The refund of a return, line by line (docs/decisions/0030-refund-calculation.md). Pure: no database, no clock.
/// A defect or a merchant fault ("MerchantBearsCost") costs the customer nothing: no restocking fee, no label fee, no
/// grade deduction. The label fee is charged once per return, on the first line that can absorb it.
/// </summary>
public static class RefundCalculator
{
    /// <summary>The default deduction by grade, in percent of the price paid for the line.</summary>
    public static decimal DefaultDeductionPercent(ItemGrade? grade) => grade switch
    {
        ItemGrade.B => 10m,
        ItemGrade.C => 30m,
        ItemGrade.D => 100m,
        _ => 0m,
    };

    /// <param name="restockingFeePercent">The fee of lines without their own (<see cref="RefundLine.RestockingFeePercent"/>, the category's).</param>
    /// <param name="manualDeductionLimit">
    /// The most the decider may deduct by hand on one line (their role's limit, ADR 0034); null is no limit. Grade
    /// deductions set by the policy are not limited: the limit is about amounts a person chooses.
    /// </param>
    /// <param name="deductionPercent">The policy version's deduction per grade; null: <see cref="DefaultDeductionPercent"/>.</param>
    public static RefundBreakdown Calculate(
        IReadOnlyList<RefundLine> lines, decimal restockingFeePercent, Money labelFee, string currency, Func<ItemGrade?, decimal>? deductionPercent = null,
        Money? manualDeductionLimit = null)
    {
        deductionPercent ??= DefaultDeductionPercent;
        ArgumentNullException.ThrowIfNull(lines);
        if (restockingFeePercent is < 0 or > 100)
        {
            throw new DomainException("refund.restocking_percent", "The restocking fee is a percentage between 0 and 100.");
        }
        if (labelFee.Minor < 0)
        {
            throw new DomainException("refund.label_fee", "The label fee cannot be negative.");
        }
        var zero = Money.Zero(currency);
        // The merchant pays the label when any line is its fault (wrong item, defect): the parcel came back because of it.
        var labelToCharge = lines.Any(l => l.MerchantBearsCost) ? zero : labelFee;
        var results = new List<RefundLineResult>(lines.Count);
        foreach (var line in lines)
        {
            if (line.QuantityReceived < 0)
            {
                throw new DomainException("refund.quantity", "A received quantity cannot be negative.");
            }
            if (line.UnitPricePaid.Currency != currency)
            {
                throw new DomainException("refund.currency", "Every line must be in the order's currency.");
            }
            var paid = line.UnitPricePaid.Times(line.QuantityReceived);
            if (line.Verdict is LineVerdict.RejectReturnToCustomer or LineVerdict.RejectDispose || paid.Minor == 0)
            {
                results.Add(new RefundLineResult(line.LineId, paid, zero, zero, zero, zero));
                continue;
            }
            var lineRestocking = line.RestockingFeePercent ?? restockingFeePercent;
            if (lineRestocking is < 0 or > 100)
            {
                throw new DomainException("refund.restocking_percent", "The restocking fee is a percentage between 0 and 100.");
            }
            var restocking = line.MerchantBearsCost ? zero : paid.Percent(lineRestocking);
            var deduction = zero;
            if (line.Verdict == LineVerdict.AcceptWithDeduction)
            {
                if (line.ManualDeduction is { } manual)
                {
                    if (manual.Currency != currency || manual.Minor < 0 || manual.Minor > paid.Minor)
                    {
                        throw new DomainException("refund.deduction_range", "A deduction is between zero and the price paid for the line.");
                    }
                    if (manualDeductionLimit is { } limit && manual.Minor > limit.Minor)
                    {
                        throw new DomainException("refund.deduction_limit", $"A manual deduction above {limit} needs someone with a higher limit.");
                    }
                    deduction = manual;
                }
                else if (!line.MerchantBearsCost)
                {
                    deduction = paid.Percent(deductionPercent(line.Grade));
                }
            }
            // Fees and deduction can never take a line below zero: cap them in that order.
            restocking = Min(restocking, paid);
            deduction = Min(deduction, paid - restocking);
            var remaining = paid - restocking - deduction;
            var label = Min(labelToCharge, remaining);
            labelToCharge -= label;
            results.Add(new RefundLineResult(line.LineId, paid, restocking, label, deduction, remaining - label));
        }
        var total = results.Aggregate(zero, (sum, r) => sum + r.Total);
        return new RefundBreakdown(results, total);
    }

    private static Money Min(Money a, Money b) => a.Minor <= b.Minor ? a : b;
}
