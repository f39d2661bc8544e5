using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Analytics;

/// <summary>What the analytics dashboard and API show for one period, beside the previous period (ADR 0040).</summary>
public sealed record AnalyticsReport(
    AnalyticsPeriod Period,
    int? CategoryId,
    AnalyticsKpis Current,
    AnalyticsKpis Previous,
    IReadOnlyList<ReasonShare> Reasons,
    IReadOnlyList<CategoryReasonShare> ReasonsByCategory,
    IReadOnlyList<string> TrendReasonCodes,
    IReadOnlyList<WeeklyReasonUnits> Weekly,
    IReadOnlyList<ProblemProduct> ProblemProducts)
{
    /// <summary>Return lines decided in the period per disposition, every disposition listed (ADR 0047).</summary>
    public IReadOnlyList<DispositionCount> Dispositions { get; init; } = [];

    /// <summary>The filters the report was computed with; <see cref="CategoryId"/> is its category (ADR 0087).</summary>
    public AnalyticsFilter Filter { get; init; } = AnalyticsFilter.None;

    /// <summary>False for an empty period: pages say "no data" rather than showing zeros that look like facts.</summary>
    public bool HasData => Current.HasData;
}

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

public sealed record StatusCount(ReturnStatus Status, int Count);

/// <summary>Return lines decided with a disposition, and the units received on them.</summary>
public sealed record DispositionCount(BackOffice.Disposition Disposition, long Lines, long Units)
{
    public static IReadOnlyList<DispositionCount> All(IEnumerable<DispositionCount> counted)
    {
        var byDisposition = counted.GroupBy(c => c.Disposition).ToDictionary(g => g.Key, g => (Lines: g.Sum(c => c.Lines), Units: g.Sum(c => c.Units)));
        return [.. Enum.GetValues<BackOffice.Disposition>().Select(d =>
            new DispositionCount(d, byDisposition.GetValueOrDefault(d).Lines, byDisposition.GetValueOrDefault(d).Units))];
    }
}

/// <summary>Hours between two steps of the returns that went through both; null figures without any.</summary>
public sealed record DurationStats(int Count, double? MeanHours, double? MedianHours)
{
    public static DurationStats Of(IReadOnlyCollection<double> hours)
    {
        if (hours.Count == 0)
        {
            return new DurationStats(0, null, null);
        }
        var sorted = hours.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new DurationStats(sorted.Length, hours.Average(), median);
    }
}

public sealed record ReasonShare(string Code, string LabelFr, string LabelEn, long Units, double Share)
{
    public string Label(string language) => new LocalizedText(LabelFr, LabelEn).For(language);
}

public sealed record CategoryReasonShare(
    string CategoryCode, string CategoryNameFr, string CategoryNameEn, string ReasonCode, string LabelFr, string LabelEn, long Units, double Share)
{
    public string Category(string language) => new LocalizedText(CategoryNameFr, CategoryNameEn).For(language);

    public string Label(string language) => new LocalizedText(LabelFr, LabelEn).For(language);
}

/// <summary>Units returned for one reason in one week (weeks start on Monday, Paris time).</summary>
public sealed record WeeklyReasonUnits(DateOnly WeekStart, string ReasonCode, long Units);

/// <summary>A product returned significantly more than its category (Wilson lower bound above the category rate).</summary>
public sealed record ProblemProduct(
    string Code,
    string Name,
    string CategoryCode,
    long UnitsSold,
    long UnitsReturned,
    double ReturnRate,
    double LowerBound,
    double CategoryRate,
    string TopReasonCode,
    string TopReasonLabelFr,
    string TopReasonLabelEn,
    double TopReasonShare)
{
    public string TopReason(string language) => new LocalizedText(TopReasonLabelFr, TopReasonLabelEn).For(language);
}
