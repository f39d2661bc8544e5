namespace ReturnsPortal.Domain.Analytics;

/// <summary>One product's top return reason over a period.</summary>
public sealed record ReasonConcentration(
    int ProductId,
    string ProductCode,
    string ProductName,
    string CategoryCode,
    long UnitsReturned,
    int ReasonId,
    string ReasonCode,
    string ReasonLabelFr,
    string ReasonLabelEn,
    long ReasonUnits,
    double Share,
    bool IsFlagged)
{
    public string ReasonLabel(string language) => new LocalizedText(ReasonLabelFr, ReasonLabelEn).For(language);
}
