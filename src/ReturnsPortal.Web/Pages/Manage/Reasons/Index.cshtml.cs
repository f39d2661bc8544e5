using ReturnsPortal.Domain.Policies;

namespace ReturnsPortal.Web.Pages.Manage.Reasons;

/// <summary>Return reasons (Managers, Admins): add one, retire or bring back. Retired reasons stay on the returns that used them.</summary>
public sealed class ReasonsModel(ReturnsDbContext db, IValidator<ReasonsModel.Input> validator, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty] public Input Form { get; set; } = new();
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public string? Done { get; private set; }

    public async Task OnGetAsync(string? done, CancellationToken ct)
    {
        Done = done;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        if (await this.RedisplayIfInvalidAsync(validator, Form, nameof(Form), () => LoadAsync(ct), ct) is { } invalid)
        {
            return invalid;
        }
        var code = Form.Code!.Trim();
        if (await db.Reasons.AnyAsync(r => r.Code == code, ct))
        {
            ModelState.AddModelError($"{nameof(Form)}.{nameof(Input.Code)}", l["Reasons.CodeTaken"]);
            await LoadAsync(ct);
            return Page();
        }
        var last = await db.Reasons.MaxAsync(r => (int?)r.SortOrder, ct) ?? 0;
        db.Reasons.Add(ReturnReason.Create(code, Form.LabelFr!, Form.LabelEn!, Form.IsDefect, Form.IsMerchantFault, Form.PhotoWanted, last + 10));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same code added by a colleague a moment ago (unique index).
            db.ChangeTracker.Clear();
            ModelState.AddModelError($"{nameof(Form)}.{nameof(Input.Code)}", l["Reasons.CodeTaken"]);
            await LoadAsync(ct);
            return Page();
        }
        return RedirectToPage(new { done = "added" });
    }

    public Task<IActionResult> OnPostRetireAsync(int id, int version, CancellationToken ct) => ChangeAsync(id, version, r => r.Retire(), "retired", ct);

    public Task<IActionResult> OnPostReactivateAsync(int id, int version, CancellationToken ct) => ChangeAsync(id, version, r => r.Reactivate(), "reactivated", ct);

    private async Task<IActionResult> ChangeAsync(int id, int version, Action<ReturnReason> change, string done, CancellationToken ct)
    {
        var reason = await db.Reasons.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (reason is null)
        {
            return NotFound();
        }
        db.Entry(reason).Property(r => r.Version).OriginalValue = version;
        change(reason);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            ModelState.AddModelError(string.Empty, l["Reasons.Conflict"]);
            await LoadAsync(ct);
            return Page();
        }
        return RedirectToPage(new { done });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var open = ReturnStatusGroups.Open;
        // How many unfinished returns use each reason: retiring one of those is allowed, and they keep showing it.
        var inUse = await (from line in db.ReturnLines
                           join request in db.Returns on line.ReturnRequestId equals request.Id
                           where open.Contains(request.Status)
                           select new { line.ReasonId, request.Id })
            .Distinct()
            .GroupBy(x => x.ReasonId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var reasons = await db.Reasons.AsNoTracking().OrderBy(r => r.SortOrder).ThenBy(r => r.Id)
            .Select(r => new { r.Id, r.Code, r.LabelFr, r.LabelEn, r.IsDefect, r.IsMerchantFault, r.PhotoWanted, r.IsActive, r.Version })
            .ToListAsync(ct);
        Rows = [.. reasons.Select(r => new Row(
            r.Id, r.Code, r.LabelFr, r.LabelEn, r.IsDefect, r.IsMerchantFault, r.PhotoWanted, r.IsActive, r.Version, inUse.GetValueOrDefault(r.Id)))];
    }

    public sealed record Row(
        int Id, string Code, string LabelFr, string LabelEn, bool IsDefect, bool IsMerchantFault, bool PhotoWanted, bool IsActive, int Version, int OpenReturns);

    public sealed record Input
    {
        public string? Code { get; set; }
        public string? LabelFr { get; set; }
        public string? LabelEn { get; set; }
        public bool IsDefect { get; set; }
        public bool IsMerchantFault { get; set; }
        public bool PhotoWanted { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<Input>
    {
        public InputValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(i => i.Code).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage(_ => l["Reasons.CodeInvalid"])
                .Matches("^\\s*[a-z0-9_]{1,40}\\s*$").WithMessage(_ => l["Reasons.CodeInvalid"]);
            RuleFor(i => i.LabelFr).NotEmpty().WithMessage(_ => l["Reasons.LabelRequired"])
                .MaximumLength(ReturnReason.LabelLength).WithMessage(_ => l["Reasons.LabelTooLong"]);
            RuleFor(i => i.LabelEn).NotEmpty().WithMessage(_ => l["Reasons.LabelRequired"])
                .MaximumLength(ReturnReason.LabelLength).WithMessage(_ => l["Reasons.LabelTooLong"]);
        }
    }
}

/// <summary>Statuses in which a return is still moving (not finished).</summary>
public static class ReturnStatusGroups
{
    public static readonly ReturnStatus[] Open = [.. Enum.GetValues<ReturnStatus>().Where(s => s is not (ReturnStatus.Closed or ReturnStatus.Cancelled or ReturnStatus.Expired))];
}
