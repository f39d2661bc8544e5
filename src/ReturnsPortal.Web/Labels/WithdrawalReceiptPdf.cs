using Microsoft.Extensions.Localization;
using PdfSharp.Drawing;
using PdfSharp.Drawing.Layout;
using PdfSharp.Pdf;
using ReturnsPortal.Web.Hosting;

namespace ReturnsPortal.Web.Labels;

/// <summary>The acknowledgement of a withdrawal on a durable medium: an A4 PDF with its content and its date and time.</summary>
public sealed class WithdrawalReceiptPdf(IStringLocalizer<SharedResource> l)
{
    public sealed record Data(
        string Reference, string OrderNumber, string CustomerName, string CustomerEmail, DateTime SubmittedAt,
        DateTime RefundDeadline, string Content);

    public byte[] Render(Data receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        LabelFonts.EnsureInstalled();
        using var document = new PdfDocument();
        document.Info.Title = $"{l["Withdraw.ReceiptTitle"]} {receipt.Reference}";
        var page = document.AddPage();
        page.Width = XUnit.FromMillimeter(210);
        page.Height = XUnit.FromMillimeter(297);
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            var margin = XUnit.FromMillimeter(20).Point;
            var width = page.Width.Point - (2 * margin);
            var title = new XFont(LabelFonts.Family, 16, XFontStyleEx.Bold);
            var body = new XFont(LabelFonts.Family, 10);
            var text = new XTextFormatter(gfx);
            gfx.DrawString(l["Withdraw.ReceiptTitle"], title, XBrushes.Black, new XRect(margin, margin, width, 24), XStringFormats.TopLeft);
            var submitted = receipt.SubmittedAt.ToLocalFrench();
            var lines = string.Join('\n',
                $"{l["Withdraw.Reference"]} : {receipt.Reference}",
                $"{l["Withdraw.OrderNumber"]} : {receipt.OrderNumber}",
                $"{l["Withdraw.Name"]} : {receipt.CustomerName}",
                $"{l["Withdraw.Email"]} : {receipt.CustomerEmail}",
                $"{l["Withdraw.ReceivedAt"]} : {submitted:f} (Europe/Paris)",
                $"{l["Withdraw.RefundBy"]} : {receipt.RefundDeadline.ToLocalFrench():D}",
                "",
                l["Withdraw.ContentHeading"],
                receipt.Content,
                "",
                l["Withdraw.ReceiptLegal"]);
            text.DrawString(lines, body, XBrushes.Black, new XRect(margin, margin + 36, width, page.Height.Point - (2 * margin) - 36), XStringFormats.TopLeft);
        }
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }
}
