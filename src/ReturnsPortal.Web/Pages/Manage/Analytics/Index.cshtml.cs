using System.Text.Json;
using ReturnsPortal.Domain.Analytics;

namespace ReturnsPortal.Web.Pages.Manage.Analytics;

/// <summary>
/// Return-reason analytics for Managers and Admins (the /Manage folder policy): KPIs beside the previous period,
/// reasons, weekly trend, problem products; every table has a CSV export (ADR 0040). Filters are a GET form in the URL:
/// period, category, reason, resolution, warehouse; each narrows the figures it can and the page says which it leaves
/// out (ADR 0087).
/// </summary>
public sealed class IndexModel(
    ReturnsDbContext db, IValidator<IndexModel.Input> validator, TimeProvider clock, IStringLocalizer<SharedResource> l, AnalyticsReportCache reports,
    AnalyticsAlertsOptions alertOptions, RollupBuilder rollups, RollupAnalytics analytics) : PageModel
{
    public const int DefaultDays = 30;

    public Input Form { get; private set; } = new();
    public IReadOnlyList<CategoryOption> Categories { get; private set; } = [];
    public IReadOnlyList<ReasonOption> Reasons { get; private set; } = [];
    public IReadOnlyList<WarehouseOption> Warehouses { get; private set; } = [];
    public static IReadOnlyList<Resolution> Resolutions { get; } = Enum.GetValues<Resolution>();
    public AnalyticsReport? Report { get; private set; }
    public IReadOnlyList<AnalyticsTable> Tables { get; private set; } = [];
    /// <summary>Goodwill returns in the period, counted apart (ADR 0037).</summary>
    public GoodwillSummary? Goodwill { get; private set; }

    /// <summary>
    /// The products the alerts page flags (open alerts), beside the period's own problem products: both come from the
    /// same rule, the alerts over the detection's window (ADR 0094), so the page never says "none" without saying so.
    /// </summary>
    public IReadOnlyList<AlertedProduct> OpenAlerts { get; private set; } = [];

    /// <summary>The detection's window as dashboard filters (from, to), to see the alerted products' figures here.</summary>
    public (string From, string To) AlertWindow { get; private set; }

    public int AlertDays => Math.Max(1, alertOptions.Days);

    /// <summary>An alerted product's returns over the detection's window.</summary>
    public string AlertProductLink(string code) =>
        $"/manage/analytics/returns?product={Uri.EscapeDataString(code)}&from={AlertWindow.From}&to={AlertWindow.To}";

    /// <summary>The numbers the charts draw, read by wwwroot/js/analytics.js (no inline script under the CSP).</summary>
    public string ChartJson { get; private set; } = "{}";

    public async Task<IActionResult> OnGetAsync(string? from, string? to, string? category, string? reason, string? resolution, string? warehouse, CancellationToken ct)
    {
        await LoadAsync(new Input { From = from, To = to, Category = category, Reason = reason, Resolution = resolution, Warehouse = warehouse }, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(
        string? from, string? to, string? category, string? reason, string? resolution, string? warehouse, string? table, CancellationToken ct)
    {
        await LoadAsync(new Input { From = from, To = to, Category = category, Reason = reason, Resolution = resolution, Warehouse = warehouse }, ct);
        if (Report is null)
        {
            // Bad filters: the page with its messages, not a file.
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var chosen = Tables.FirstOrDefault(t => t.Id == table);
        if (chosen is null)
        {
            return NotFound();
        }
        return File(AnalyticsTables.ToCsv(chosen), "text/csv; charset=utf-8", $"returns-{chosen.Id}-{Form.From}-{Form.To}.csv");
    }

    /// <summary>The current filters (all of them: period, category, reason, resolution, warehouse) as a query string.</summary>
    public string Filters()
    {
        var query = $"from={Uri.EscapeDataString(Form.From ?? "")}&to={Uri.EscapeDataString(Form.To ?? "")}";
        foreach (var (name, value) in new[] { ("category", Form.Category), ("reason", Form.Reason), ("resolution", Form.Resolution), ("warehouse", Form.Warehouse) })
        {
            query += string.IsNullOrEmpty(value) ? "" : $"&{name}={Uri.EscapeDataString(value)}";
        }
        return query;
    }

    /// <summary>A table's CSV export with the current filters, so that the file is what the page shows.</summary>
    public string Link(string handler, string table) => $"/manage/analytics?handler={handler}&table={table}&{Filters()}";

    /// <summary>Per active filter, the figures it does not narrow, in the page's language (ADR 0087).</summary>
    public IReadOnlyList<string> LeftOut() =>
        Report is null ? [] : [.. Report.Filter.LeftOut().Select(f => string.Format(
            CultureInfo.CurrentCulture, l["Filters.LeftOut"], l["Filters.Kind." + f.Filter], string.Join(", ", f.LeftOut.Select(figure => l["Filters.Figure." + figure].Value))))];

    private async Task LoadAsync(Input input, CancellationToken ct)
    {
        Categories = await db.Categories.AsNoTracking().OrderBy(c => c.Code)
            .Select(c => new CategoryOption(c.Id, c.Code, c.NameFr, c.NameEn)).ToListAsync(ct);
        Reasons = await db.Reasons.AsNoTracking().OrderBy(r => r.SortOrder).ThenBy(r => r.Code)
            .Select(r => new ReasonOption(r.Id, r.Code, r.LabelFr, r.LabelEn)).ToListAsync(ct);
        Warehouses = await db.Warehouses.AsNoTracking().OrderBy(w => w.Id)
            .Select(w => new WarehouseOption(w.Id, w.Code, w.Name)).ToListAsync(ct);
        var (from, to) = (input.From, input.To);
        if (string.IsNullOrWhiteSpace(from) && string.IsNullOrWhiteSpace(to))
        {
            // No filter yet: the last 30 days up to today included.
            var today = AnalyticsPeriod.ParisDay(clock.GetUtcNow().UtcDateTime);
            to = today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            from = today.AddDays(1 - DefaultDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        static string? Code(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        Form = new Input
        {
            From = from?.Trim(),
            To = to?.Trim(),
            Category = Code(input.Category),
            Reason = Code(input.Reason),
            Resolution = Code(input.Resolution),
            Warehouse = Code(input.Warehouse),
            KnownCategories = Categories.Select(c => c.Code).ToList(),
            KnownReasons = Reasons.Select(r => r.Code).ToList(),
            KnownWarehouses = Warehouses.Select(w => w.Code).ToList(),
        };
        if (!await validator.ValidateIntoAsync(Form, ModelState, nameof(Form), ct))
        {
            return;
        }
        var period = new AnalyticsPeriod(AnalyticsPeriod.ParseDay(Form.From)!.Value, AnalyticsPeriod.ParseDay(Form.To)!.Value);
        var filter = new AnalyticsFilter
        {
            CategoryId = Categories.FirstOrDefault(c => c.Code == Form.Category)?.Id,
            ReasonId = Reasons.FirstOrDefault(r => r.Code == Form.Reason)?.Id,
            Resolution = Form.Resolution is null ? null : Enum.Parse<Resolution>(Form.Resolution),
            WarehouseId = Warehouses.FirstOrDefault(w => w.Code == Form.Warehouse)?.Id,
        };
        // Marked days first, so that what was just saved shows (ADR 0041); cheap when nothing is marked.
        await rollups.CatchUpAsync(ct);
        // The generation after the catch-up keys the cache: a rollup change anywhere moves it (ADR 0088).
        var generation = await RollupBuilder.GenerationAsync(db, ct);
        Report = await reports.GetOrComputeAsync(generation, period, filter, c => analytics.FilteredReportAsync(period, filter, c), ct);
        Goodwill = await GoodwillReturns.InPeriodAsync(db, period, ct);
        Tables = AnalyticsTables.Build(Report, l, code =>
            $"/manage/analytics/returns?product={Uri.EscapeDataString(code)}&from={Form.From}&to={Form.To}");
        ChartJson = Charts(Report, Form);
        var day = AnalyticsPeriod.ParisDay(clock.GetUtcNow().UtcDateTime);
        AlertWindow = (day.AddDays(1 - AlertDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            day.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var open = await db.AnalyticsAlerts.AsNoTracking().Where(a => a.Status == AnalyticsAlertStatus.Open)
            .Select(a => new { a.Product!.Code, a.Product.Name, a.Kind }).ToListAsync(ct);
        OpenAlerts = [.. open.GroupBy(a => (a.Code, a.Name)).OrderBy(g => g.Key.Code, StringComparer.Ordinal)
            .Select(g => new AlertedProduct(g.Key.Code, g.Key.Name, [.. g.Select(a => a.Kind).Order()]))];
    }

    public sealed record AlertedProduct(string Code, string Name, IReadOnlyList<AnalyticsAlertKind> Kinds);

    private static string Charts(AnalyticsReport report, Input form)
    {
        var language = ShopLanguage.Current;
        var weeks = report.Weekly.Select(w => w.WeekStart).Distinct().Order().ToList();
        return JsonSerializer.Serialize(new
        {
            // What the numbers are filtered by, for a script that labels or reloads the charts.
            filters = new { from = form.From, to = form.To, category = form.Category, reason = form.Reason, resolution = form.Resolution, warehouse = form.Warehouse },
            reasons = new
            {
                labels = report.Reasons.Select(r => r.Label(language)),
                units = report.Reasons.Select(r => r.Units),
            },
            weekly = new
            {
                labels = weeks.Select(w => w.ToString("d", CultureInfo.CurrentCulture)),
                series = report.TrendReasonCodes.Select(code => new
                {
                    label = report.Reasons.First(r => r.Code == code).Label(language),
                    units = weeks.Select(w => report.Weekly.First(x => x.WeekStart == w && x.ReasonCode == code).Units),
                }),
            },
        });
    }

    public sealed record CategoryOption(int Id, string Code, string NameFr, string NameEn)
    {
        public string Name(string language) => new LocalizedText(NameFr, NameEn).For(language);
    }

    public sealed record ReasonOption(int Id, string Code, string LabelFr, string LabelEn)
    {
        public string Label(string language) => new LocalizedText(LabelFr, LabelEn).For(language);
    }

    public sealed record WarehouseOption(int Id, string Code, string Name);

    public sealed record Input : AnalyticsFilterInput
    {
        /// <summary>A <see cref="Domain.Returns.Resolution"/> name, or none: the returns asking for it.</summary>
        public string? Resolution { get; set; }
        /// <summary>A warehouse code, or none: the returns routed there.</summary>
        public string? Warehouse { get; set; }
        internal IReadOnlyList<string> KnownWarehouses { get; set; } = [];
    }

    public sealed class InputValidator : AbstractValidator<Input>
    {
        public InputValidator(IStringLocalizer<SharedResource> l)
        {
            Include(new AnalyticsFilterValidator(l, "Filters.ReasonUnknown"));
            RuleFor(i => i.Resolution)
                .Must(code => Enum.GetNames<Resolution>().Contains(code, StringComparer.Ordinal)).When(i => i.Resolution is not null)
                .WithMessage(_ => l["Filters.ResolutionUnknown"]);
            RuleFor(i => i.Warehouse).KnownCode(i => i.KnownWarehouses, l, "Filters.WarehouseUnknown");
        }
    }

}
