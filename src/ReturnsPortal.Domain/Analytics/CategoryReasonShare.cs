namespace ReturnsPortal.Domain.Analytics;

public sealed record CategoryReasonShare(
    string CategoryCode, string CategoryNameFr, string CategoryNameEn, string ReasonCode, string LabelFr, string LabelEn, long Units, double Share)
{
    public string Category(string language) => new LocalizedText(CategoryNameFr, CategoryNameEn).For(language);

    public string Label(string language) => new LocalizedText(LabelFr, LabelEn).For(language);
}
