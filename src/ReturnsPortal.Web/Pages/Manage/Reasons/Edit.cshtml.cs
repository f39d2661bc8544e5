using ReturnsPortal.Domain.Policies;

namespace ReturnsPortal.Web.Pages.Manage.Reasons;

/// <summary>Rename a reason in French and English and set its flags; the form's version detects a colleague's edit.</summary>
public sealed class EditReasonModel(ReturnsDbContext db, IValidator<EditReasonModel.Input> validator, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty] public Input Form { get; set; } = new();
    public string Code { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var reason = await db.Reasons.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (reason is null)
        {
            return NotFound();
        }
        Code = reason.Code;
        Form = new Input
        {
            LabelFr = reason.LabelFr,
            LabelEn = reason.LabelEn,
            IsDefect = reason.IsDefect,
            IsMerchantFault = reason.IsMerchantFault,
            PhotoWanted = reason.PhotoWanted,
            Version = reason.Version,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var reason = await db.Reasons.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (reason is null)
        {
            return NotFound();
        }
        Code = reason.Code;
        if (!await validator.ValidateIntoAsync(Form, ModelState, nameof(Form), ct))
        {
            return Page();
        }
        db.Entry(reason).Property(r => r.Version).OriginalValue = Form.Version;
        reason.Rename(Form.LabelFr!, Form.LabelEn!);
        reason.SetFlags(Form.IsDefect, Form.IsMerchantFault, Form.PhotoWanted);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, l["Reasons.Conflict"]);
            return Page();
        }
        return RedirectToPage("Index", new { done = "saved" });
    }

    public sealed record Input
    {
        public string? LabelFr { get; set; }
        public string? LabelEn { get; set; }
        public bool IsDefect { get; set; }
        public bool IsMerchantFault { get; set; }
        public bool PhotoWanted { get; set; }
        public int Version { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<Input>
    {
        public InputValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(i => i.LabelFr).NotEmpty().WithMessage(_ => l["Reasons.LabelRequired"])
                .MaximumLength(ReturnReason.LabelLength).WithMessage(_ => l["Reasons.LabelTooLong"]);
            RuleFor(i => i.LabelEn).NotEmpty().WithMessage(_ => l["Reasons.LabelRequired"])
                .MaximumLength(ReturnReason.LabelLength).WithMessage(_ => l["Reasons.LabelTooLong"]);
        }
    }
}
