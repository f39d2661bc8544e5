namespace ReturnsPortal.Domain.Analytics;

public sealed record AnalyticsKpis(
    long UnitsSold,
    long UnitsReturned,
    Money ValueSold,
    Money ValueReturned,
    int Returns,
    IReadOnlyList<StatusCount> ByStatus,
    int Refunds,
    int StoreCredits,
    int Exchanges,
    DurationStats RequestToReceipt,
    DurationStats ReceiptToDecision,
    DurationStats RequestToDecision)
{
    public bool HasData => UnitsSold > 0 || Returns > 0;

    /// <summary>Counted returns (not cancelled, not expired) with a settlement (refund, credit or exchange paid out).</summary>
    public int Settled { get; init; }

    /// <summary>Of <see cref="Settled"/>: within the service level after receipt (ADR 0041).</summary>
    public int SettledWithinServiceLevel { get; init; }

    /// <summary>Of <see cref="Settled"/>: within the legal deadline (14 days, or receipt if later).</summary>
    public int SettledWithinLegalDeadline { get; init; }

    /// <summary>Refunds paid, label fees borne and write-offs of the period's returns (ADR 0047).</summary>
    public ReturnCosts Costs { get; init; } = ReturnCosts.Zero(Money.Euro);

    /// <summary>Share of settled returns settled within the service level; null without settlements.</summary>
    public double? ServiceLevelShare => Rate(SettledWithinServiceLevel, Settled);

    /// <summary>Share of settled returns settled within the legal deadline; null without settlements.</summary>
    public double? LegalDeadlineShare => Rate(SettledWithinLegalDeadline, Settled);

    /// <summary>
    /// A filter narrowed the units returned but not the units sold (ADR 0087): the return rates are withheld (null)
    /// rather than dividing a filtered part by an unfiltered whole.
    /// </summary>
    public bool ReturnRatesWithheld { get; init; }

    /// <summary>Returned ÷ sold units; null when nothing was sold (never a division by zero) or when withheld.</summary>
    public double? ReturnRateUnits => ReturnRatesWithheld ? null : Rate(UnitsReturned, UnitsSold);

    /// <summary>Returned ÷ sold value; null when nothing was sold or when withheld.</summary>
    public double? ReturnRateValue => ReturnRatesWithheld ? null : Rate(ValueReturned.Minor, ValueSold.Minor);

    public int Resolved => Refunds + StoreCredits + Exchanges;

    /// <summary>Share of resolutions settled as store credit ("revenue kept"); null without resolutions.</summary>
    public double? StoreCreditShare => Rate(StoreCredits, Resolved);

    public static double? Rate(long part, long whole) => whole == 0 ? null : (double)part / whole;
}
