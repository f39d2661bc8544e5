using ReturnsPortal.Domain.Logistics;

namespace ReturnsPortal.Web.Pages.Manage.Routing;

/// <summary>
/// Routing rules (Managers, Admins): the rules in the order they are tried (ADR 0083), moved up or down, retired or
/// brought back. Each form carries the rule's version, so a colleague's change is never overwritten.
/// </summary>
public sealed class RoutingModel(ReturnsDbContext db, RoutingRuleBook book, IStringLocalizer<SharedResource> l) : PageModel
{
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public string? DefaultWarehouse { get; private set; }
    public string? Done { get; private set; }

    public async Task OnGetAsync(string? done, CancellationToken ct)
    {
        Done = done;
        await LoadAsync(ct);
    }

    public Task<IActionResult> OnPostUpAsync(int id, int version, CancellationToken ct) =>
        ChangeAsync(id, version, (book, rule) => book.MoveAsync(rule, up: true, ct), "moved", ct);

    public Task<IActionResult> OnPostDownAsync(int id, int version, CancellationToken ct) =>
        ChangeAsync(id, version, (book, rule) => book.MoveAsync(rule, up: false, ct), "moved", ct);

    public Task<IActionResult> OnPostRetireAsync(int id, int version, CancellationToken ct) =>
        ChangeAsync(id, version, (_, rule) => { rule.Retire(); return Task.CompletedTask; }, "retired", ct);

    public Task<IActionResult> OnPostReactivateAsync(int id, int version, CancellationToken ct) =>
        ChangeAsync(id, version, (book, rule) => book.ReactivateAsync(rule, ct), "reactivated", ct);

    private async Task<IActionResult> ChangeAsync(int id, int version, Func<RoutingRuleBook, RoutingRule, Task> change, string done, CancellationToken ct)
    {
        var rule = await db.RoutingRules.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (rule is null)
        {
            return NotFound();
        }
        db.Entry(rule).Property(r => r.Version).OriginalValue = version;
        try
        {
            await change(book, rule);
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException ex)
        {
            db.ChangeTracker.Clear();
            ModelState.AddModelError(string.Empty, l[$"Routing.Error.{ex.Code}"]);
            await LoadAsync(ct);
            return Page();
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            ModelState.AddModelError(string.Empty, l["Routing.Conflict"]);
            await LoadAsync(ct);
            return Page();
        }
        return RedirectToPage(new { done });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var en = ShopLanguage.CurrentIsEnglish;
        var rules = await db.RoutingRules.AsNoTracking()
            .Select(r => new
            {
                r.Id,
                r.Condition,
                r.Value,
                Category = db.Categories.Where(c => c.Id == r.CategoryId).Select(c => en ? c.NameEn : c.NameFr).FirstOrDefault(),
                Warehouse = db.Warehouses.Where(w => w.Id == r.WarehouseId).Select(w => w.Name + " (" + w.Address.City + ")").First(),
                r.Priority,
                r.IsActive,
                r.Version,
            })
            .ToListAsync(ct);
        // The order the router tries them (ADR 0083): categories, then regions, each by priority; retired ones last.
        Rows = [.. rules
            .OrderBy(r => !r.IsActive).ThenBy(r => r.Condition != RoutingCondition.Category).ThenBy(r => r.Priority).ThenBy(r => r.Id)
            .Select(r => new Row(r.Id, r.Condition, r.Condition == RoutingCondition.Category ? r.Category ?? "" : r.Value ?? "", r.Warehouse, r.IsActive, r.Version))];
        DefaultWarehouse = await db.Warehouses.AsNoTracking().OrderBy(w => w.Id).Select(w => w.Name + " (" + w.Address.City + ")").FirstOrDefaultAsync(ct);
    }

    public sealed record Row(int Id, RoutingCondition Condition, string What, string Warehouse, bool IsActive, int Version);
}
