using ReturnsPortal.Domain.Withdrawals;
using ReturnsPortal.Web.Labels;

namespace ReturnsPortal.Web.Pages.Returns.Withdraw;

/// <summary>The withdrawal acknowledgement as a PDF (the durable medium the customer keeps).</summary>
public sealed class ReceiptModel(ReturnsDbContext db, CustomerOrderAccess access, WithdrawalFollowUps followUps, WithdrawalReceiptPdf receipts) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var withdrawal = await DoneModel.LoadAsync(db, access, followUps, Request, ct);
        return withdrawal is null
            ? RedirectToPage("Index")
            : File(receipts.Render(withdrawal), "application/pdf", $"{withdrawal.Reference}.pdf");
    }
}
