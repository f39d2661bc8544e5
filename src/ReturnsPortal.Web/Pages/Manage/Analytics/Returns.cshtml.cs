using ReturnsPortal.Domain.Analytics;

namespace ReturnsPortal.Web.Pages.Manage.Analytics;

/// <summary>The drill-down of a problem product: its returns made in the period, with reasons and comments.</summary>
public sealed class ReturnsModel(ReturnsDbContext db, TimeProvider clock) : PageModel
{
    public const int MaxRows = 500;

    public string Product { get; private set; } = "";
    public string? ProductName { get; private set; }
    public string From { get; private set; } = "";
    public string To { get; private set; } = "";
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? product, string? from, string? to, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(product))
        {
            return NotFound();
        }
        if (string.IsNullOrWhiteSpace(from) && string.IsNullOrWhiteSpace(to))
        {
            // As the dashboard: the last 30 days up to today included.
            var today = AnalyticsPeriod.ParisDay(clock.GetUtcNow().UtcDateTime);
            (from, to) = (Day(today.AddDays(1 - IndexModel.DefaultDays)), Day(today.AddDays(1)));
        }
        var first = AnalyticsPeriod.ParseDay(from);
        var last = AnalyticsPeriod.ParseDay(to);
        if (AnalyticsPeriod.Validate(first, last).Count > 0)
        {
            // Links come from the dashboard, which validated them: a hand-edited URL gets a plain 400.
            return BadRequest();
        }
        var period = new AnalyticsPeriod(first!.Value, last!.Value);
        (Product, From, To) = (product.Trim(), from!, to!);
        ProductName = await db.Products.AsNoTracking().Where(p => p.Code == Product).Select(p => p.Name).SingleOrDefaultAsync(ct);
        if (ProductName is null)
        {
            return NotFound();
        }
        var (start, end, code) = (period.FromUtc, period.ToUtc, Product);
        // A join, not a projected SelectMany: SQLite has no APPLY.
        Rows = await (
                from line in db.ReturnLines.AsNoTracking()
                join request in db.Returns on line.ReturnRequestId equals request.Id
                where request.CreatedAt >= start && request.CreatedAt < end && line.OrderLine!.Variant!.Product!.Code == code
                orderby request.CreatedAt descending
                select new Row(
                    request.Rma, request.CreatedAt, request.Status, line.OrderLine!.Variant!.Sku, line.Quantity,
                    line.Reason!.LabelFr, line.Reason.LabelEn, line.Comment))
            .Take(MaxRows)
            .ToListAsync(ct);
        return Page();
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public sealed record Row(
        string Rma, DateTime CreatedAt, ReturnStatus Status, string Sku, int Quantity, string ReasonFr, string ReasonEn, string? Comment)
    {
        public string Reason(string language) => new LocalizedText(ReasonFr, ReasonEn).For(language);
    }
}
