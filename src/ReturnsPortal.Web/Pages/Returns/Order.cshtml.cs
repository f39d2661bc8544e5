using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Persistence;

namespace ReturnsPortal.Web.Pages.Returns;

/// <summary>The customer's order and its lines, opened only by the order cookie.</summary>
public sealed class OrderModel(ReturnsDbContext db, CustomerOrderAccess access) : PageModel
{
    public View? Order { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (access.OrderId(Request) is not { } orderId)
        {
            return RedirectToPage("Index", new { expired = true });
        }
        Order = await db.Orders.AsNoTracking()
            .Where(o => o.Id == orderId)
            .Select(o => new View(
                o.Number,
                o.PlacedAt,
                o.DeliveredAt,
                o.Lines.OrderBy(l => l.Id).Select(l => new LineView(
                    l.Variant!.Product!.Name, l.Variant.Sku, l.Variant.Size, l.Variant.Colour, l.Quantity,
                    l.UnitPricePaid, l.Variant.Product.NonReturnableReason)).ToList()))
            .SingleOrDefaultAsync(ct);
        return Order is null ? RedirectToPage("Index", new { expired = true }) : Page();
    }

    public IActionResult OnPostLeave()
    {
        CustomerOrderAccess.Revoke(Response);
        return RedirectToPage("Index");
    }

    public sealed record View(string Number, DateTime PlacedAt, DateTime? DeliveredAt, IReadOnlyList<LineView> Lines);

    public sealed record LineView(
        string ProductName, string Sku, string? Size, string? Colour, int Quantity, Money UnitPrice, NonReturnableReason? NonReturnableReason);
}
