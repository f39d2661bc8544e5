namespace ReturnsPortal.Domain.Analytics;

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
