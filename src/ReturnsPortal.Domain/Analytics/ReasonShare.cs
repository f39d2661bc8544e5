namespace ReturnsPortal.Domain.Analytics;

public sealed record ReasonShare(string Code, string LabelFr, string LabelEn, long Units, double Share)
{
    public string Label(string language) => new LocalizedText(LabelFr, LabelEn).For(language);
}
