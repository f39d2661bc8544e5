using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Labels;

namespace ReturnsPortal.Web.Pages.Returns.Track;

/// <summary>The label PDF, only for a visitor who may see the return.</summary>
public sealed class LabelModel(ReturnLabelPdf labels, ReturnAccess access) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string rma, CancellationToken ct)
    {
        var normalised = RmaNumber.Normalise(rma);
        var label = normalised is null ? null : await labels.LoadAsync(normalised, ct);
        if (label is null || !access.Allows(Request, label.Rma, label.OrderId))
        {
            return RedirectToPage("Index", new { expired = true });
        }
        return File(labels.Render(label), "application/pdf", $"{label.Rma}.pdf");
    }
}
