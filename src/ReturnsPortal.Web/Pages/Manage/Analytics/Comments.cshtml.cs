using ReturnsPortal.Domain.Analytics;

namespace ReturnsPortal.Web.Pages.Manage.Analytics;

/// <summary>
/// The customers' own words (ADR 0046): return-line comments of returns made in a period, filtered by reason and
/// category, searched case-insensitively, newest first, <see cref="PageSize"/> per page with a keyset cursor; each row
/// leads to the return's staff page and the CSV export holds exactly the rows shown. Filters are a GET form in the URL.
/// </summary>
public sealed class CommentsModel(
    ReturnsDbContext db, IValidator<CommentsModel.Input> validator, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    public const int PageSize = 50;
    public const int MaxSearchLength = 100;

    public Input Form { get; private set; } = new();
    public IReadOnlyList<IndexModel.CategoryOption> Categories { get; private set; } = [];
    public IReadOnlyList<IndexModel.ReasonOption> Reasons { get; private set; } = [];

    /// <summary>The rows shown, as a table the CSV export writes too; null while the filters are wrong.</summary>
    public AnalyticsTable? Table { get; private set; }

    /// <summary>The cursor of the next page, when there is one.</summary>
    public string? Next { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? from, string? to, string? reason, string? category, string? q, string? after, CancellationToken ct)
    {
        await LoadAsync(from, to, reason, category, q, after, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(string? from, string? to, string? reason, string? category, string? q, string? after, CancellationToken ct)
    {
        await LoadAsync(from, to, reason, category, q, after, ct);
        if (Table is null)
        {
            // Bad filters: the page with its messages, not a file.
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        return File(AnalyticsTables.ToCsv(Table), "text/csv; charset=utf-8", $"returns-comments-{Form.From}-{Form.To}.csv");
    }

    /// <summary>The current filters as a query string, with another handler or cursor.</summary>
    public string Link(string? handler, string? after)
    {
        var parts = new List<string>();
        if (handler is not null)
        {
            parts.Add("handler=" + handler);
        }
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }
        Add("from", Form.From);
        Add("to", Form.To);
        Add("reason", Form.Reason);
        Add("category", Form.Category);
        Add("q", Form.Q);
        Add("after", after);
        return "/manage/analytics/comments?" + string.Join("&", parts);
    }

    private async Task LoadAsync(string? from, string? to, string? reason, string? category, string? q, string? after, CancellationToken ct)
    {
        Categories = await db.Categories.AsNoTracking().OrderBy(c => c.Code)
            .Select(c => new IndexModel.CategoryOption(c.Id, c.Code, c.NameFr, c.NameEn)).ToListAsync(ct);
        Reasons = await db.Reasons.AsNoTracking().OrderBy(r => r.SortOrder).ThenBy(r => r.Code)
            .Select(r => new IndexModel.ReasonOption(r.Id, r.Code, r.LabelFr, r.LabelEn)).ToListAsync(ct);
        if (string.IsNullOrWhiteSpace(from) && string.IsNullOrWhiteSpace(to))
        {
            // As the dashboard: the last 30 days up to today included.
            var today = AnalyticsPeriod.ParisDay(clock.GetUtcNow().UtcDateTime);
            to = today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            from = today.AddDays(1 - IndexModel.DefaultDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        Form = new Input
        {
            From = from?.Trim(),
            To = to?.Trim(),
            Reason = Clean(reason),
            Category = Clean(category),
            Q = Clean(q),
            KnownCategories = [.. Categories.Select(c => c.Code)],
            KnownReasons = [.. Reasons.Select(r => r.Code)],
        };
        if (!await validator.ValidateIntoAsync(Form, ModelState, nameof(Form), ct))
        {
            return;
        }
        var period = new AnalyticsPeriod(AnalyticsPeriod.ParseDay(Form.From)!.Value, AnalyticsPeriod.ParseDay(Form.To)!.Value);
        var (start, end) = (period.FromUtc, period.ToUtc);
        var query =
            from line in db.ReturnLines.AsNoTracking()
            join request in db.Returns on line.ReturnRequestId equals request.Id
            where request.CreatedAt >= start && request.CreatedAt < end && line.Comment != null
            select new { Line = line, Request = request };
        if (Form.Reason is { } reasonCode)
        {
            query = query.Where(x => x.Line.Reason!.Code == reasonCode);
        }
        if (Form.Category is { } categoryCode)
        {
            query = query.Where(x => x.Line.OrderLine!.Variant!.Product!.Category!.Code == categoryCode);
        }
        if (Form.Q is { } text)
        {
            var pattern = "%" + EscapeLike(text) + "%";
            // PostgreSQL: ILIKE folds case in any alphabet. SQLite: LIKE folds ASCII letters only (ADR 0046).
            query = db is PostgresReturnsDbContext
                ? query.Where(x => EF.Functions.ILike(x.Line.Comment!, pattern, "\\"))
                : query.Where(x => EF.Functions.Like(x.Line.Comment!, pattern, "\\"));
        }
        if (Api.KeysetCursor.Parse(after) is { } cursor)
        {
            // Keyset paging: rows strictly after the last one shown, in (date, line) order; stable under new returns.
            var (at, id) = (cursor.Key, cursor.Id);
            query = query.Where(x => x.Request.CreatedAt < at || (x.Request.CreatedAt == at && x.Line.Id < id));
        }
        var rows = await query
            .OrderByDescending(x => x.Request.CreatedAt).ThenByDescending(x => x.Line.Id)
            .Select(x => new Row(
                x.Line.Id, x.Request.Rma, x.Request.CreatedAt, x.Line.OrderLine!.Variant!.Product!.Code, x.Line.OrderLine.Variant.Product.Name,
                x.Line.Reason!.LabelFr, x.Line.Reason.LabelEn, x.Line.Comment!))
            .Take(PageSize + 1)
            .ToListAsync(ct);
        var shown = rows.Take(PageSize).ToList();
        Next = rows.Count > PageSize ? new Api.KeysetCursor(shown[^1].CreatedAt, shown[^1].LineId).ToString() : null;
        var culture = CultureInfo.CurrentCulture;
        var language = ShopLanguage.Current;
        Table = new AnalyticsTable("comments", l["Comments.Title"],
            ["RMA", l["Analytics.Date"], l["Analytics.ProductName"], l["Analytics.Reason"], l["Analytics.Comment"]],
            [.. shown.Select(r => new AnalyticsRow(
                [r.Rma, r.CreatedAt.ToLocalFrench().ToString("g", culture), $"{r.ProductName} ({r.ProductCode})",
                 ShopLanguage.Pick(language, r.ReasonFr, r.ReasonEn), r.Comment],
                $"/staff/returns/{Uri.EscapeDataString(r.Rma)}"))]);
    }

    /// <summary>The user's text taken literally: % and _ are wildcards of LIKE.</summary>
    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private sealed record Row(int LineId, string Rma, DateTime CreatedAt, string ProductCode, string ProductName, string ReasonFr, string ReasonEn, string Comment);

    public sealed record Input : AnalyticsFilterInput
    {
        public string? Q { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<Input>
    {
        public InputValidator(IStringLocalizer<SharedResource> l)
        {
            // The dashboard's filters (ADR 0040), with the comments page's own message for an unknown reason.
            Include(new AnalyticsFilterValidator(l, "Comments.ReasonUnknown"));
            RuleFor(i => i.Q).MaximumLength(MaxSearchLength)
                .WithMessage(_ => string.Format(CultureInfo.CurrentCulture, l["Comments.SearchTooLong"], MaxSearchLength));
        }
    }
}
