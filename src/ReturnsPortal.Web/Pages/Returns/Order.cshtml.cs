using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Web.Pages.Returns;

/// <summary>The customer's order, opened only by the order cookie: each line with what can be returned and until when.</summary>
public sealed class OrderModel(ReturnsDbContext db, ReturnEligibility eligibility, CustomerOrderAccess access) : PageModel
{
    public View? Order { get; private set; }
    public OrderEligibility? Eligibility { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (access.OrderId(Request) is not { } orderId)
        {
            return RedirectToPage("Index", new { expired = true });
        }
        Order = await db.Orders.AsNoTracking()
            .Where(o => o.Id == orderId)
            .Select(o => new View(o.PlacedAt, o.Lines.Select(l => new LinePrice(l.Id, l.UnitPricePaid)).ToList()))
            .SingleOrDefaultAsync(ct);
        Eligibility = Order is null ? null : await eligibility.ForOrderAsync(orderId, ct);
        return Eligibility is null ? RedirectToPage("Index", new { expired = true }) : Page();
    }

    public IActionResult OnPostLeave()
    {
        CustomerOrderAccess.Revoke(Response);
        return RedirectToPage("Index");
    }

    public Money PriceOf(int orderLineId) => Order!.Prices.Single(p => p.OrderLineId == orderLineId).UnitPrice;

    /// <summary>A Paris calendar day as people read it: "26 déc. 2026", "26 Dec 2026".</summary>
    public static string Day(DateOnly day) => day.ToString("d MMM yyyy", CultureInfo.CurrentCulture);

    public sealed record View(DateTime PlacedAt, IReadOnlyList<LinePrice> Prices);

    public sealed record LinePrice(int OrderLineId, Money UnitPrice);
}
