using System.Globalization;

namespace ReturnsPortal.Domain.Common;

/// <summary>
/// The shop's two languages (ADR 0004, 0100): French, the default and the fallback, and English. The one place that
/// tells them apart: the code stored with a return or a withdrawal ("fr"/"en"), the culture a text is written in, and
/// which column of a French/English pair a reader sees (<see cref="LocalizedText"/>). Texts of the portal itself are
/// resource keys read through the localizer; this is for data that carries both languages.
/// </summary>
public static class ShopLanguage
{
    public const string French = "fr";
    public const string English = "en";

    public static readonly CultureInfo FrenchCulture = CultureInfo.GetCultureInfo("fr-FR");
    public static readonly CultureInfo EnglishCulture = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>True for "en"; any other code (null, "fr", unknown) is the shop's default, French.</summary>
    public static bool IsEnglish(string? language) => language == English;

    /// <summary>True when <paramref name="culture"/> is English.</summary>
    public static bool IsEnglish(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return culture.TwoLetterISOLanguageName == English;
    }

    /// <summary>True when <paramref name="culture"/> is French (texts whose English form is the fallback).</summary>
    public static bool IsFrench(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return culture.TwoLetterISOLanguageName == French;
    }

    /// <summary>"en" or "fr": the code stored for <paramref name="language"/> (anything but English is French).</summary>
    public static string Normalise(string? language) => IsEnglish(language) ? English : French;

    /// <summary>The two-letter code of <paramref name="culture"/> as it is ("fr", "en"; other cultures unchanged).</summary>
    public static string CodeOf(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return culture.TwoLetterISOLanguageName;
    }

    /// <summary>The reader's language code: the two-letter code of the current UI culture.</summary>
    public static string Current => CodeOf(CultureInfo.CurrentUICulture);

    /// <summary>True when the reader (current UI culture) reads French.</summary>
    public static bool CurrentIsFrench => IsFrench(CultureInfo.CurrentUICulture);

    /// <summary>True when the reader (current UI culture) reads English.</summary>
    public static bool CurrentIsEnglish => IsEnglish(CultureInfo.CurrentUICulture);

    /// <summary>The culture texts of <paramref name="language"/> are written in: en-GB for "en", else fr-FR.</summary>
    public static CultureInfo CultureOf(string? language) => IsEnglish(language) ? EnglishCulture : FrenchCulture;

    /// <summary><paramref name="en"/> for English, <paramref name="fr"/> otherwise.</summary>
    public static T Pick<T>(string? language, T fr, T en) => IsEnglish(language) ? en : fr;
}

/// <summary>
/// A text the data holds in French and English (reason labels, category names, checklist items…): the reader's one
/// chosen here, not by a language check at each use (ADR 0100). French when the reader is not English-speaking.
/// </summary>
public readonly record struct LocalizedText(string Fr, string En)
{
    /// <summary>The text in <paramref name="language"/> ("en" or "fr").</summary>
    public string For(string? language) => ShopLanguage.Pick(language, Fr, En);

    /// <summary>The text in <paramref name="culture"/>'s language.</summary>
    public string For(CultureInfo culture) => ShopLanguage.IsEnglish(culture) ? En : Fr;

    /// <summary>The text for the reader (current UI culture).</summary>
    public string Current => For(CultureInfo.CurrentUICulture);

    public override string ToString() => Current;
}
