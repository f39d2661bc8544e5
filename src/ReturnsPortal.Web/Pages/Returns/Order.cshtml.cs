using ReturnsPortal.Domain.Withdrawals;

namespace ReturnsPortal.Web.Pages.Returns;

/// <summary>The customer's order, opened only by the order cookie: each line with what can be returned and until when.</summary>
public sealed class OrderModel(ReturnsDbContext db, ReturnEligibility eligibility, CustomerOrderAccess access, WithdrawalFollowUps followUps) : PageModel
{
    public View? Order { get; private set; }
    public OrderEligibility? Eligibility { get; private set; }
    /// <summary>The order's withdrawal and what the customer must do next; null when they have not withdrawn.</summary>
    public WithdrawalFollowUp? Withdrawal { get; private set; }
    private Dictionary<int, int> goodsBack = [];

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
        Withdrawal = await followUps.ForOrderAsync(orderId, ct);
        if (Withdrawal is not null)
        {
            var back = WithdrawalFollowUp.GoodsBack.ToList();
            goodsBack = await (from r in db.Returns
                               join rl in db.ReturnLines on r.Id equals rl.ReturnRequestId
                               where r.OrderId == orderId && back.Contains(r.Status)
                               group rl by rl.OrderLineId into g
                               select new { OrderLineId = g.Key, Quantity = g.Sum(x => x.Quantity) })
                .ToDictionaryAsync(x => x.OrderLineId, x => x.Quantity, ct);
        }
        return Eligibility is null ? RedirectToPage("Index", new { expired = true }) : Page();
    }

    /// <summary>
    /// A withdrawn line whose goods are not back yet: it is to be sent back, not "already returned" (issue 15 item 6).
    /// Lines the law leaves out of the withdrawal (hygiene once unsealed, personalised) keep their own words.
    /// </summary>
    public bool AwaitsGoods(LineEligibility line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Withdrawal is not null && line.NotEligibleReason != IneligibleReason.NonReturnable
            && goodsBack.GetValueOrDefault(line.OrderLineId) < line.QuantityOrdered;
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
