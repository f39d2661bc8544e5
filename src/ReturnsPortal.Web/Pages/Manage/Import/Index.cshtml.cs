using ReturnsPortal.Domain.Integrations;

namespace ReturnsPortal.Web.Pages.Manage.Import;

/// <summary>
/// Managers and Admins upload a CSV file of orders or products; it is imported in the background, the whole file or
/// nothing (ADR 0071), and its page shows progress and the report.
/// </summary>
public sealed class ImportModel(ReturnsDbContext db, TimeProvider clock, IValidator<ImportModel.Input> validator) : PageModel
{
    public const int RecentShown = 20;

    [BindProperty] public Input Form { get; set; } = new();
    public IReadOnlyList<Row> Recent { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Recent = await db.ImportJobs.AsNoTracking().OrderByDescending(j => j.Id).Take(RecentShown)
            .Select(j => new Row(j.Id, j.Kind, j.FileName, j.Status, j.CreatedAt, j.ImportedRecords))
            .ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await this.RedisplayIfInvalidAsync(validator, Form, nameof(Form), () => OnGetAsync(ct), ct) is { } invalid)
        {
            return invalid;
        }
        using var content = new MemoryStream();
        await Form.File!.CopyToAsync(content, ct);
        var name = Path.GetFileName(Form.File.FileName);
        var job = new ImportJob
        {
            Kind = Form.Kind!.Value,
            FileName = name.Length <= ImportJob.FileNameLength ? name : name[..ImportJob.FileNameLength],
            Status = ImportStatus.Queued,
            Content = content.ToArray(),
            CreatedBy = User.Identity?.Name,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ImportJobs.Add(job);
        await db.SaveChangesAsync(ct);
        return RedirectToPage("Job", new { id = job.Id });
    }

    public sealed record Row(int Id, ImportKind Kind, string FileName, ImportStatus Status, DateTime CreatedAt, int Imported);

    public sealed record Input
    {
        public ImportKind? Kind { get; set; }
        public IFormFile? File { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<Input>
    {
        public InputValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(i => i.Kind).NotNull().WithMessage(_ => l["Import.KindRequired"]);
            RuleFor(i => i.File).Cascade(CascadeMode.Stop)
                .Must(f => f is { Length: > 0 }).WithMessage(_ => l["Import.FileRequired"])
                .Must(f => f!.Length <= ImportJob.MaxBytes).WithMessage(_ => l["Import.FileTooBig", ImportJob.MaxBytes / 1024 / 1024]);
        }
    }
}
