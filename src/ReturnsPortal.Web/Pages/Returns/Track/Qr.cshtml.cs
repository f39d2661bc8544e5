using ReturnsPortal.Web.Labels;

namespace ReturnsPortal.Web.Pages.Returns.Track;

/// <summary>The QR code alone, full screen, to show at a drop-off point that prints the label itself.</summary>
public sealed class QrModel(ReturnLabelPdf labels, ReturnAccess access) : PageModel
{
    public ReturnLabelPdf.Data? Label { get; private set; }
    public string QrDataUri { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string rma, CancellationToken ct)
    {
        var normalised = RmaNumber.Normalise(rma);
        Label = normalised is null ? null : await labels.LoadAsync(normalised, ct);
        if (Label is null || !access.Allows(Request, Label.Rma, Label.OrderId))
        {
            return RedirectToPage("Index", new { expired = true });
        }
        // A data: URI keeps the page self-contained under the CSP (img-src 'self' data:).
        QrDataUri = "data:image/png;base64," + Convert.ToBase64String(LabelCodes.QrPng(Label.Rma));
        return Page();
    }
}
