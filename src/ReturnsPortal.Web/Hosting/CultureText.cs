using System.Text.RegularExpressions;

namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// Words the catalogue and the drop-off points store once, in French, shown in the reader's language (ADR 0093) without a
/// model change: colours through the resources ("Colour.Noir" → "Black") with the stored value as fallback, opening hours
/// rewritten from the French convention ("Lun–Sam 8h–19h30" → "Mon–Sat 8:00–19:30"), quotes per language.
/// </summary>
public static partial class CultureText
{
    private static readonly Dictionary<string, string> EnglishDays = new(StringComparer.OrdinalIgnoreCase)
    {
        ["lun"] = "Mon",
        ["mar"] = "Tue",
        ["mer"] = "Wed",
        ["jeu"] = "Thu",
        ["ven"] = "Fri",
        ["sam"] = "Sat",
        ["dim"] = "Sun",
        ["lundi"] = "Monday",
        ["mardi"] = "Tuesday",
        ["mercredi"] = "Wednesday",
        ["jeudi"] = "Thursday",
        ["vendredi"] = "Friday",
        ["samedi"] = "Saturday",
        ["dimanche"] = "Sunday",
        ["fermé"] = "closed",
        ["ferme"] = "closed",
        ["et"] = "and",
        ["sauf"] = "except",
    };

    /// <summary>A catalogue attribute value (a colour) in the current language; the stored value when no label exists.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(value))]
    public static string? Colour(IStringLocalizer l, string? value)
    {
        ArgumentNullException.ThrowIfNull(l);
        if (string.IsNullOrWhiteSpace(value))
        {
            return value;
        }
        var label = l["Colour." + value.Trim()];
        return label.ResourceNotFound ? value : label.Value;
    }

    /// <summary>Opening hours as stored (French) in French; in English with English day names and 24-hour times.</summary>
    public static string OpeningHours(string? stored, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        if (string.IsNullOrWhiteSpace(stored) || ShopLanguage.IsFrench(culture))
        {
            return stored ?? "";
        }
        var text = FrenchWord().Replace(stored, m => EnglishDays.TryGetValue(m.Value.TrimEnd('.'), out var en) ? en : m.Value);
        return FrenchTime().Replace(text, m =>
            $"{int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture)}:{(m.Groups["m"].Success ? m.Groups["m"].Value : "00")}");
    }

    /// <summary>A customer's words quoted the way the language quotes: « … » in French, “…” in English.</summary>
    public static string Quote(string? text, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return ShopLanguage.IsFrench(culture) ? $"« {text} »" : $"“{text}”";
    }

    // Whole words only: "Mar" (mardi) but never the start of "Marseille".
    [GeneratedRegex(@"(?<![\p{L}])(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lun|mar|mer|jeu|ven|sam|dim|fermé|ferme|et|sauf)\.?(?![\p{L}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FrenchWord();

    [GeneratedRegex(@"(?<![\d\p{L}])(?<h>\d{1,2})\s?h\s?(?<m>\d{2})?(?![\d\p{L}])", RegexOptions.CultureInvariant)]
    private static partial Regex FrenchTime();
}
