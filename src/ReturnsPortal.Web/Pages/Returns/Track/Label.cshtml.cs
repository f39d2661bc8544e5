using Microsoft.AspNetCore.RateLimiting;
using ReturnsPortal.Web.Labels;

namespace ReturnsPortal.Web.Pages.Returns.Track;

/// <summary>
/// The label PDF, only for a visitor who may see the return, or who follows the signed label link of our e-mail
/// (ADR 0092): that link downloads the PDF at once. Following such a link is a proof: it counts per client address (ADR 0122).
/// </summary>
[EnableRateLimiting(RateLimits.CustomerProof)]
public sealed class LabelModel(ReturnLabelPdf labels, ReturnAccess access, ReturnLinks links) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string rma, string? t, CancellationToken ct)
    {
        var normalised = RmaNumber.Normalise(rma);
        if (t is not null && (normalised is null || !links.Verify(t, normalised)))
        {
            return RedirectToPage("Index", new { link = "invalid", rma = normalised });
        }
        var label = normalised is null ? null : await labels.LoadAsync(normalised, ct);
        if (label is not null && t is not null)
        {
            // A valid e-mail link: the tracking pages open too for the rest of the visit.
            access.Grant(Response, label.Rma);
        }
        else if (label is null || !access.Allows(Request, label.Rma, label.OrderId))
        {
            return RedirectToPage("Index", new { expired = true });
        }
        return File(labels.Render(label), "application/pdf", $"{label.Rma}.pdf");
    }
}
