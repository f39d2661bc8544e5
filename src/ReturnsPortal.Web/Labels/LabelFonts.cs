using PdfSharp.Fonts;

namespace ReturnsPortal.Web.Labels;

/// <summary>
/// PDFsharp finds no system fonts on Linux: every PDF of the portal uses Liberation Sans (SIL OFL 1.1), embedded
/// in this assembly. The resolver is process-wide in PDFsharp, so it is installed once, whatever the number of hosts.
/// </summary>
public sealed class LabelFonts : IFontResolver
{
    public const string Family = "Liberation Sans";
    private const string Regular = "LiberationSans-Regular";
    private const string Bold = "LiberationSans-Bold";

    private static readonly Lock Gate = new();

    private LabelFonts() { }

    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not LabelFonts)
            {
                GlobalFontSettings.FontResolver = new LabelFonts();
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        // Every family maps to Liberation Sans; italic is simulated, as the labels never need a true italic.
        new(bold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[]? GetFont(string faceName)
    {
        using var stream = typeof(LabelFonts).Assembly.GetManifestResourceStream($"ReturnsPortal.Fonts.{faceName}.ttf");
        if (stream is null)
        {
            return null;
        }
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
