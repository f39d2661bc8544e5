using Microsoft.AspNetCore.Authorization;
using ReturnsPortal.Domain.Orders;

namespace ReturnsPortal.Web.Pages.Staff.Orders;

/// <summary>
/// Customer service finds an order by its number (or its start) or the customer's e-mail, newest first, 25 a page
/// (ADR 0036). The order page is where an assisted return starts.
/// </summary>
[Authorize(Policy = AccessPolicies.CustomerService)]
public sealed class OrdersModel(ReturnsDbContext db) : PageModel
{
    public const int PageSize = 25;

    [FromQuery(Name = "q")] public string? Search { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public bool HasNext { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = Math.Clamp(PageNumber, 1, 10_000);
        var query = db.Orders.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Search))
        {
            var text = Search.Trim();
            var number = Order.NormaliseNumber(text);
            var email = Order.NormaliseEmail(text);
            query = text.Contains('@', StringComparison.Ordinal)
                ? query.Where(o => o.Email == email)
                : query.Where(o => o.Number.StartsWith(number));
        }
        var rows = await query
            .OrderByDescending(o => o.PlacedAt).ThenByDescending(o => o.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize + 1)
            .Select(o => new Row(o.Number, o.CustomerName, o.Email, o.PlacedAt, o.DeliveredAt, o.Lines.Count,
                db.Returns.Count(r => r.OrderId == o.Id)))
            .ToListAsync(ct);
        HasNext = rows.Count > PageSize;
        Rows = rows.Take(PageSize).ToList();
    }

    public string Link(int page) =>
        $"/staff/orders?page={page}" + (string.IsNullOrWhiteSpace(Search) ? "" : "&q=" + Uri.EscapeDataString(Search.Trim()));

    public sealed record Row(string Number, string CustomerName, string Email, DateTime PlacedAt, DateTime? DeliveredAt, int LineCount, int ReturnCount);
}
