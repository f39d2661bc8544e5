using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ReturnsPortal.Web.Labels;

/// <summary>The portal's PDFs (the return label, the withdrawal receipt): one page, the embedded fonts, a title.</summary>
public static class OnePagePdf
{
    public static byte[] Render(string title, XUnit width, XUnit height, Action<XGraphics, PdfPage> draw)
    {
        ArgumentNullException.ThrowIfNull(draw);
        LabelFonts.EnsureInstalled();
        using var document = new PdfDocument();
        document.Info.Title = title;
        var page = document.AddPage();
        page.Width = width;
        page.Height = height;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            draw(gfx, page);
        }
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }
}
