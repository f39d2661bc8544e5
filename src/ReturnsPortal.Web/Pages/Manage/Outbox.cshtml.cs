using Microsoft.AspNetCore.Authorization;

namespace ReturnsPortal.Web.Pages.Manage;

/// <summary>Dead-lettered and failing outbox messages with their last error, and a retry (Admins).</summary>
[Authorize(Policy = Hosting.AccessPolicies.Admin)]
public sealed class OutboxModel(ReturnsDbContext db, TimeProvider clock) : PageModel
{
    public const int ListLimit = 500;

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public long? Retried { get; private set; }

    public async Task OnGetAsync(long? retried, CancellationToken ct)
    {
        Retried = retried;
        Rows = await db.Outbox.AsNoTracking()
            .Where(m => m.ProcessedAt == null && (m.DeadAt != null || m.Attempts > 0))
            .OrderByDescending(m => m.DeadAt != null).ThenBy(m => m.Id)
            .Take(ListLimit)
            .Select(m => new Row(m.Id, m.Type, m.OccurredAt, m.Attempts, m.LastError, m.NextAttemptAt, m.DeadAt))
            .ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostRetryAsync(long id, CancellationToken ct)
    {
        var message = await db.Outbox.SingleOrDefaultAsync(m => m.Id == id, ct);
        return await AdminRetry.RetryAsync(db, message, m => m.Retry(clock.GetUtcNow().UtcDateTime), ct)
            ? RedirectToPage("Outbox", new { retried = id })
            : NotFound();
    }

    public sealed record Row(long Id, string Type, DateTime OccurredAt, int Attempts, string? LastError, DateTime? NextAttemptAt, DateTime? DeadAt);
}
