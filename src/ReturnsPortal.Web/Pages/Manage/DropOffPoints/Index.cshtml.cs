namespace ReturnsPortal.Web.Pages.Manage.DropOffPoints;

/// <summary>Drop-off points (Managers, Admins): the list, deactivate or reactivate. Points are never deleted: returns refer to them.</summary>
public sealed class DropOffPointsModel(ReturnsDbContext db) : PageModel
{
    public const int PageSize = 200;

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public string? Done { get; private set; }

    public async Task OnGetAsync(string? done, CancellationToken ct)
    {
        Done = done;
        Rows = await db.DropOffPoints.AsNoTracking().OrderByDescending(p => p.IsActive).ThenBy(p => p.Address.Postcode).ThenBy(p => p.Code)
            .Take(PageSize)
            .Select(p => new Row(p.Id, p.Code, p.Name, p.Carrier, p.Address.Line1, p.Address.Postcode, p.Address.City, p.IsActive))
            .ToListAsync(ct);
    }

    public Task<IActionResult> OnPostDeactivateAsync(int id, CancellationToken ct) => SetActiveAsync(id, false, ct);

    public Task<IActionResult> OnPostActivateAsync(int id, CancellationToken ct) => SetActiveAsync(id, true, ct);

    private async Task<IActionResult> SetActiveAsync(int id, bool active, CancellationToken ct)
    {
        var point = await db.DropOffPoints.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (point is null)
        {
            return NotFound();
        }
        // Idempotent: deactivating twice is the same state. Returns already made keep their point.
        point.IsActive = active;
        await db.SaveChangesAsync(ct);
        return RedirectToPage(new { done = active ? "activated" : "deactivated" });
    }

    public sealed record Row(int Id, string Code, string Name, string Carrier, string Line1, string Postcode, string City, bool IsActive);
}
