namespace ReturnsPortal.Domain.Analytics;

public sealed record CategoryReasonShare(
    string CategoryCode, string CategoryNameFr, string CategoryNameEn, string ReasonCode, string LabelFr, string LabelEn, long Units, double Share)
{
    public string Category(string language) => language == "en" ? CategoryNameEn : CategoryNameFr;

    public string Label(string language) => language == "en" ? LabelEn : LabelFr;
}
