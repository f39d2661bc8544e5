using System.Globalization;
using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReturnsPortal.Domain.Analytics;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Hosting;

namespace ReturnsPortal.Web.Pages.Manage.Analytics;

/// <summary>
/// Return-reason analytics for Managers and Admins (the /Manage folder policy): KPIs beside the previous period,
/// reasons, weekly trend, problem products; every table has a CSV export (ADR 0040). Filters are a GET form in the URL.
/// </summary>
public sealed class IndexModel(
    ReturnsDbContext db, IValidator<IndexModel.Input> validator, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    public const int DefaultDays = 30;

    public Input Form { get; private set; } = new();
    public IReadOnlyList<CategoryOption> Categories { get; private set; } = [];
    public AnalyticsReport? Report { get; private set; }
    public IReadOnlyList<AnalyticsTable> Tables { get; private set; } = [];
    /// <summary>Goodwill returns in the period, counted apart (ADR 0037).</summary>
    public GoodwillSummary? Goodwill { get; private set; }

    /// <summary>The numbers the charts draw, read by wwwroot/js/analytics.js (no inline script under the CSP).</summary>
    public string ChartJson { get; private set; } = "{}";

    public async Task<IActionResult> OnGetAsync(string? from, string? to, string? category, CancellationToken ct)
    {
        await LoadAsync(from, to, category, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(string? from, string? to, string? category, string? table, CancellationToken ct)
    {
        await LoadAsync(from, to, category, ct);
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

    /// <summary>The current filters with some changed, as a query string for links.</summary>
    public string Link(string handler, string table) =>
        $"/manage/analytics?handler={handler}&table={table}&from={Uri.EscapeDataString(Form.From ?? "")}&to={Uri.EscapeDataString(Form.To ?? "")}"
        + (string.IsNullOrEmpty(Form.Category) ? "" : $"&category={Uri.EscapeDataString(Form.Category)}");

    private async Task LoadAsync(string? from, string? to, string? category, CancellationToken ct)
    {
        Categories = await db.Categories.AsNoTracking().OrderBy(c => c.Code)
            .Select(c => new CategoryOption(c.Id, c.Code, c.NameFr, c.NameEn)).ToListAsync(ct);
        if (string.IsNullOrWhiteSpace(from) && string.IsNullOrWhiteSpace(to))
        {
            // No filter yet: the last 30 days up to today included.
            var today = AnalyticsPeriod.ParisDay(clock.GetUtcNow().UtcDateTime);
            to = today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            from = today.AddDays(1 - DefaultDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        Form = new Input { From = from?.Trim(), To = to?.Trim(), Category = string.IsNullOrWhiteSpace(category) ? null : category.Trim() };
        Form.KnownCategories = Categories.Select(c => c.Code).ToList();
        if (!await validator.ValidateIntoAsync(Form, ModelState, nameof(Form), ct))
        {
            return;
        }
        var period = new AnalyticsPeriod(AnalyticsPeriod.ParseDay(Form.From)!.Value, AnalyticsPeriod.ParseDay(Form.To)!.Value);
        var categoryId = Categories.FirstOrDefault(c => c.Code == Form.Category)?.Id;
        // Marked days first, so that what was just saved shows (ADR 0041); cheap when nothing is marked.
        await new RollupBuilder(db).CatchUpAsync(ct);
        Report = await new RollupAnalytics(db).ReportAsync(period, categoryId, ct);
        Goodwill = await GoodwillReturns.InPeriodAsync(db, period, ct);
        Tables = AnalyticsTables.Build(Report, l, code =>
            $"/manage/analytics/returns?product={Uri.EscapeDataString(code)}&from={Form.From}&to={Form.To}");
        ChartJson = Charts(Report);
    }

    private static string Charts(AnalyticsReport report)
    {
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        var weeks = report.Weekly.Select(w => w.WeekStart).Distinct().Order().ToList();
        return JsonSerializer.Serialize(new
        {
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
        public string Name(string language) => language == "en" ? NameEn : NameFr;
    }

    public sealed record Input
    {
        /// <summary>First day, yyyy-MM-dd (Paris).</summary>
        public string? From { get; set; }
        /// <summary>Day after the last one, yyyy-MM-dd (Paris): the period is [From, To).</summary>
        public string? To { get; set; }
        /// <summary>A category code, or none for the whole shop.</summary>
        public string? Category { get; set; }
        internal IReadOnlyList<string> KnownCategories { get; set; } = [];
    }

    public sealed class InputValidator : AbstractValidator<Input>
    {
        public InputValidator(IStringLocalizer<SharedResource> l)
        {
            // One rule set for page and API: the domain's (AnalyticsPeriod.Validate).
            RuleFor(i => i).Custom((input, context) =>
            {
                foreach (var (field, error) in AnalyticsPeriod.Validate(AnalyticsPeriod.ParseDay(input.From), AnalyticsPeriod.ParseDay(input.To)))
                {
                    context.AddFailure(field == "from" ? nameof(Input.From) : nameof(Input.To), Message(l, error));
                }
            });
            RuleFor(i => i.Category)
                .Must((input, code) => input.KnownCategories.Contains(code!)).When(i => i.Category is not null)
                .WithMessage(_ => l["Analytics.CategoryUnknown"]);
        }
    }

    public static string Message(IStringLocalizer l, AnalyticsPeriodError error)
    {
        ArgumentNullException.ThrowIfNull(l);
        return error switch
        {
            AnalyticsPeriodError.Malformed => l["Analytics.DateInvalid"],
            AnalyticsPeriodError.ToNotAfterFrom => l["Analytics.ToNotAfterFrom"],
            _ => string.Format(CultureInfo.CurrentCulture, l["Analytics.PeriodTooLong"], AnalyticsPeriod.MaxYears),
        };
    }
}
