using ReturnsPortal.Domain.Analytics;

namespace ReturnsPortal.Web.Pages.Manage.Analytics;

/// <summary>
/// Customers' return rates over the last year and the serial returners, with the rule that put them there (ADR 0042).
/// A page of its own: it reads a year of orders per customer, which the dashboard's rollups do not hold.
/// </summary>
public sealed class CustomersModel(ReturnsDbContext db, SerialReturners serialReturners, TimeProvider clock) : PageModel
{
    public SerialReturnersReport? Report { get; private set; }
    public string Currency { get; private set; } = Money.Euro;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Report = await serialReturners.ReportAsync(clock.GetUtcNow().UtcDateTime, ct);
        // The shop sells in one currency; the first order's currency names it (ADR 0040).
        Currency = await db.Orders.AsNoTracking().OrderBy(o => o.Id).Select(o => o.Currency).FirstOrDefaultAsync(ct) ?? Money.Euro;
    }
}
