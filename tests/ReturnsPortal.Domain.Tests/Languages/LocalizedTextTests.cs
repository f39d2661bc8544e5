using System.Globalization;
using ReturnsPortal.Domain.Common;

// Not "Common": a Tests.Common namespace would hide ReturnsPortal.Domain.Common from the other tests.
namespace ReturnsPortal.Domain.Tests.Languages;

/// <summary>The one place French and English are told apart (ADR 0100): English for English, French for anything else.</summary>
public sealed class LocalizedTextTests
{
    private static readonly LocalizedText Small = new("Trop petit", "Too small");

    [Theory]
    [InlineData("en", "Too small")]
    [InlineData("fr", "Trop petit")]
    [InlineData(null, "Trop petit")]
    [InlineData("de", "Trop petit")]
    public void A_stored_language_code_picks_its_column_and_French_is_the_fallback(string? language, string expected) =>
        Small.For(language).ShouldBe(expected);

    [Theory]
    [InlineData("en-GB", "Too small")]
    [InlineData("en-US", "Too small")]
    [InlineData("fr-FR", "Trop petit")]
    public void A_culture_picks_its_column(string culture, string expected) =>
        Small.For(CultureInfo.GetCultureInfo(culture)).ShouldBe(expected);

    [Fact]
    public void The_current_text_follows_the_readers_UI_culture()
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-GB");
            Small.Current.ShouldBe("Too small");
            ShopLanguage.Current.ShouldBe("en");
            ShopLanguage.CurrentIsEnglish.ShouldBeTrue();
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("fr-FR");
            Small.Current.ShouldBe("Trop petit");
            ShopLanguage.CurrentIsFrench.ShouldBeTrue();
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Theory]
    [InlineData("en", "en", "en-GB")]
    [InlineData("fr", "fr", "fr-FR")]
    [InlineData(null, "fr", "fr-FR")]
    [InlineData("EN", "fr", "fr-FR")]
    public void A_language_is_stored_as_en_or_fr_and_written_in_its_shop_culture(string? given, string stored, string culture)
    {
        ShopLanguage.Normalise(given).ShouldBe(stored);
        ShopLanguage.CultureOf(given).Name.ShouldBe(culture);
    }

    [Fact]
    public void Neither_French_nor_English_is_neither_for_culture_checks()
    {
        // The invariant culture (background work) is not French: texts with an English fallback stay English, as before.
        ShopLanguage.IsFrench(CultureInfo.InvariantCulture).ShouldBeFalse();
        ShopLanguage.IsEnglish(CultureInfo.InvariantCulture).ShouldBeFalse();
    }
}
