using System.Text.Json;
using ReturnsPortal.Domain.Integrations;

namespace ReturnsPortal.Web.Pages.Manage.Import;

/// <summary>One import: its progress while it runs (a Refresh link; a script reloads the page if JavaScript runs), then the result or the report.</summary>
public sealed class JobModel(ReturnsDbContext db) : PageModel
{
    public View? Job { get; private set; }
    public IReadOnlyList<ImportIssue> Issues { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        Job = await db.ImportJobs.AsNoTracking().Where(j => j.Id == id)
            .Select(j => new View(j.Id, j.Kind, j.FileName, j.Status, j.TotalRows, j.ProcessedRows, j.ImportedRecords, j.Detected, j.Report, j.CreatedAt, j.FinishedAt))
            .SingleOrDefaultAsync(ct);
        if (Job is null)
        {
            return NotFound();
        }
        Issues = Job.Report is null ? [] : JsonSerializer.Deserialize<List<ImportIssue>>(Job.Report) ?? [];
        return Page();
    }

    public sealed record View(
        int Id, ImportKind Kind, string FileName, ImportStatus Status, int TotalRows, int ProcessedRows, int Imported, string? Detected,
        string? Report, DateTime CreatedAt, DateTime? FinishedAt)
    {
        public bool IsFinished => Status is ImportStatus.Succeeded or ImportStatus.Rejected;
        public int Percent => IsFinished ? 100 : TotalRows == 0 ? 0 : Math.Min(100, ProcessedRows * 100 / TotalRows);
    }
}
