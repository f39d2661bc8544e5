using ReturnsPortal.Domain.Withdrawals;
using ReturnsPortal.Web.Labels;
using ReturnsPortal.Web.Notifications;

namespace ReturnsPortal.Web.Pages.Returns.Withdraw;

/// <summary>The acknowledgement of the withdrawal of the order this visitor holds, what to do next, and its receipt.</summary>
public sealed class DoneModel(ReturnsDbContext db, CustomerOrderAccess access, WithdrawalFollowUps followUps, ShopOptions shop) : PageModel
{
    public WithdrawalReceiptPdf.Data? Withdrawal { get; private set; }

    public string Seller => shop.Seller;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Withdrawal = await LoadAsync(db, access, followUps, Request, ct);
        return Withdrawal is null ? RedirectToPage("Index") : Page();
    }

    internal static async Task<WithdrawalReceiptPdf.Data?> LoadAsync(
        ReturnsDbContext db, CustomerOrderAccess access, WithdrawalFollowUps followUps, HttpRequest request, CancellationToken ct)
    {
        if (access.OrderId(request) is not { } orderId)
        {
            return null;
        }
        var withdrawal = await db.Withdrawals.AsNoTracking()
            .Where(w => w.OrderId == orderId)
            .Select(w => new WithdrawalReceiptPdf.Data(
                w.Reference, w.OrderNumber, w.CustomerName, w.CustomerEmail, w.SubmittedAt, w.RefundDeadline, w.Content))
            .SingleOrDefaultAsync(ct);
        return withdrawal is null ? null : withdrawal with { FollowUp = await followUps.ForOrderAsync(orderId, ct) };
    }
}
