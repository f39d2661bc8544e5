using PdfSharp.Drawing;
using PdfSharp.Drawing.Layout;
using PdfSharp.Pdf;
using ReturnsPortal.Domain.Withdrawals;
using ReturnsPortal.Web.Notifications;

namespace ReturnsPortal.Web.Labels;

/// <summary>
/// The acknowledgement of a withdrawal on a durable medium: an A4 PDF naming the seller, with its content, its date and
/// time, and what happens next (send back by, where, at whose cost; refund by — ADR 0093).
/// </summary>
public sealed class WithdrawalReceiptPdf(IStringLocalizer<SharedResource> l, ShopOptions shop)
{
    public sealed record Data(
        string Reference, string OrderNumber, string CustomerName, string CustomerEmail, DateTime SubmittedAt,
        DateTime RefundDeadline, string Content)
    {
        /// <summary>Send back by, where, at whose cost, refund by; null only for a record read without it.</summary>
        public WithdrawalFollowUp? FollowUp { get; init; }
    }

    /// <summary>The next steps in words, the same on the page and on the receipt.</summary>
    public static IReadOnlyList<string> NextSteps(IStringLocalizer l, WithdrawalFollowUp next, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(next);
        string Day(DateOnly day) => day.ToString("d MMMM yyyy", culture);
        var steps = new List<string> { l["Withdraw.SendBackBy", Day(next.SendBackBy)] };
        if (next.Warehouse is { } warehouse)
        {
            steps.Add(l["Withdraw.SendTo", warehouse]);
        }
        steps.Add(next.ReturnIsFree ? l["Withdraw.CostFree"]
            : next.CheapestLabel is { } fee ? l["Withdraw.CostCustomerLabel", fee.Format(culture)]
            : l["Withdraw.CostCustomer"]);
        steps.Add(l["Withdraw.RefundWhen", Day(next.RefundBy)]);
        return steps;
    }

    public byte[] Render(Data receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return OnePagePdf.Render($"{l["Withdraw.ReceiptTitle"]} {receipt.Reference}", XUnit.FromMillimeter(210), XUnit.FromMillimeter(297), (gfx, page) =>
        {
            var margin = XUnit.FromMillimeter(20).Point;
            var width = page.Width.Point - (2 * margin);
            var title = new XFont(LabelFonts.Family, 16, XFontStyleEx.Bold);
            var body = new XFont(LabelFonts.Family, 10);
            var text = new XTextFormatter(gfx);
            gfx.DrawString(l["Withdraw.ReceiptTitle"], title, XBrushes.Black, new XRect(margin, margin, width, 24), XStringFormats.TopLeft);
            var submitted = receipt.SubmittedAt.ToLocalFrench();
            var next = receipt.FollowUp is { } followUp
                ? ["", l["Withdraw.NextHeading"], .. NextSteps(l, followUp, CultureInfo.CurrentCulture).Select(step => "• " + step)]
                : Array.Empty<string>();
            var lines = string.Join('\n', [
                $"{l["Withdraw.Seller"]} : {shop.Seller}",
                $"{l["Withdraw.Reference"]} : {receipt.Reference}",
                $"{l["Withdraw.OrderNumber"]} : {receipt.OrderNumber}",
                $"{l["Withdraw.Name"]} : {receipt.CustomerName}",
                $"{l["Withdraw.Email"]} : {receipt.CustomerEmail}",
                $"{l["Withdraw.ReceivedAt"]} : {submitted:f} (Europe/Paris)",
                $"{l["Withdraw.RefundBy"]} : {receipt.RefundDeadline.ToLocalFrench():D}",
                "",
                l["Withdraw.ContentHeading"],
                receipt.Content,
                .. next,
                "",
                l["Withdraw.ReceiptLegal"]]);
            text.DrawString(lines, body, XBrushes.Black, new XRect(margin, margin + 36, width, page.Height.Point - (2 * margin) - 36), XStringFormats.TopLeft);
        });
    }
}
