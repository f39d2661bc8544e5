using ReturnsPortal.Domain.Logistics;

namespace ReturnsPortal.Web.Pages.Manage.Routing;

/// <summary>
/// Add a routing rule (no id) or change one: its condition (a product category, a French postcode prefix or a
/// country) and its warehouse. The rule book checks them (ADR 0083); the form's version detects a colleague's edit.
/// </summary>
public sealed class EditRoutingRuleModel(ReturnsDbContext db, RoutingRuleBook book, IValidator<EditRoutingRuleModel.Input> validator, IStringLocalizer<SharedResource> l)
    : PageModel
{
    [BindProperty] public Input Form { get; set; } = new();
    public int? Id { get; private set; }
    public IReadOnlyList<Option> Categories { get; private set; } = [];
    public IReadOnlyList<Option> Warehouses { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        Id = id;
        if (id is not null)
        {
            var rule = await db.RoutingRules.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
            if (rule is null)
            {
                return NotFound();
            }
            Form = new Input
            {
                Condition = rule.Condition.ToString(),
                CategoryId = rule.CategoryId,
                Value = rule.Value,
                WarehouseId = rule.WarehouseId,
                Version = rule.Version,
            };
        }
        await LoadOptionsAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        Id = id;
        var rule = id is null ? null : await db.RoutingRules.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (id is not null && rule is null)
        {
            return NotFound();
        }
        await LoadOptionsAsync(ct);
        if (!await validator.ValidateIntoAsync(Form, ModelState, nameof(Form), ct))
        {
            return Page();
        }
        var spec = new RoutingRuleSpec(Enum.Parse<RoutingCondition>(Form.Condition!), Form.CategoryId, Form.Value, Form.WarehouseId!.Value);
        var problems = await book.ProblemsAsync(spec, id, ct);
        foreach (var problem in problems)
        {
            ModelState.AddModelError($"{nameof(Form)}.{problem.Field}", l[$"Routing.Error.{problem.Code}"]);
        }
        if (problems.Count > 0)
        {
            return Page();
        }
        if (rule is null)
        {
            await book.AddAsync(spec, ct);
        }
        else
        {
            db.Entry(rule).Property(r => r.Version).OriginalValue = Form.Version;
            rule.Change(spec);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, l["Routing.Conflict"]);
            return Page();
        }
        return RedirectToPage("Index", new { done = id is null ? "added" : "saved" });
    }

    private async Task LoadOptionsAsync(CancellationToken ct)
    {
        var en = ShopLanguage.CurrentIsEnglish;
        Categories = await db.Categories.AsNoTracking().OrderBy(c => c.Code)
            .Select(c => new Option(c.Id, en ? c.NameEn : c.NameFr)).ToListAsync(ct);
        Warehouses = await db.Warehouses.AsNoTracking().OrderBy(w => w.Id)
            .Select(w => new Option(w.Id, w.Name + " (" + w.Address.City + ")")).ToListAsync(ct);
    }

    public sealed record Option(int Id, string Name);

    public sealed record Input
    {
        public string? Condition { get; set; }
        public int? CategoryId { get; set; }
        public string? Value { get; set; }
        public int? WarehouseId { get; set; }
        public int Version { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<Input>
    {
        public InputValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(i => i.Condition).Must(c => Enum.TryParse<RoutingCondition>(c, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(c, out _))
                .WithMessage(_ => l["Routing.Error.routing.condition_empty"]);
            RuleFor(i => i.WarehouseId).NotNull().WithMessage(_ => l["Routing.Error.routing.warehouse_unknown"]);
        }
    }
}
