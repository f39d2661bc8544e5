using Microsoft.AspNetCore.Authorization;
using ReturnsPortal.Domain.Inventory;

namespace ReturnsPortal.Web.Pages.Staff.Stock;

/// <summary>
/// A manager's manual adjustment of one bucket after a count, with a required reason kept on the movement. Its own page
/// (not a handler of the SKU page) so that the folder-level authorization test sees it is for Managers and Admins only.
/// </summary>
[Authorize(Policy = AccessPolicies.Manage)]
public sealed class AdjustModel(
    ReturnsDbContext db, StockLedger ledger, TimeProvider clock, IActorAccessor actor, IValidator<AdjustModel.Input> validator,
    IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty] public Input Form { get; set; } = new();
    public SkuModel.Header Item { get; private set; } = null!;
    public IReadOnlyList<WarehouseOption> Warehouses { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string sku, CancellationToken ct)
    {
        if (!await LoadAsync(sku, ct))
        {
            return NotFound();
        }
        Form = new Input { Token = Guid.NewGuid().ToString("N"), WarehouseId = Warehouses.Count > 0 ? Warehouses[0].Id : null };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string sku, CancellationToken ct)
    {
        if (!await LoadAsync(sku, ct))
        {
            return NotFound();
        }
        if (!await validator.ValidateIntoAsync(Form, ModelState, nameof(Form), ct))
        {
            return Page();
        }
        var outcome = await StockForm.PostAsync(ledger, Form.Token!, ModelState, l,
            () => ledger.AdjustAsync(Item.Sku, Form.WarehouseId!.Value, Form.Bucket!.Value,
                int.Parse(Form.Quantity!.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), Form.Reason!, actor.CurrentActor,
                Form.Token!, clock.GetUtcNow().UtcDateTime, ct),
            e => e.Code.EndsWith("negative", StringComparison.Ordinal) || e.Code == "stock.unavailable" ? "Form.Quantity" : "", ct);
        return outcome == StockForm.Outcome.Saved ? Redirect(WarehouseOption.SkuLink(Item.Sku) + "?done=true") : Page();
    }

    private async Task<bool> LoadAsync(string sku, CancellationToken ct)
    {
        var item = await SkuModel.Header.FindAsync(db, sku, ct);
        Item = item!;
        Warehouses = await WarehouseOption.ListAsync(db, ct);
        return item is not null;
    }

    public sealed record Input
    {
        public int? WarehouseId { get; set; }
        public StockBucket? Bucket { get; set; }
        /// <summary>Signed: "+3" or "3" adds, "-2" removes.</summary>
        public string? Quantity { get; set; }
        public string? Reason { get; set; }
        /// <summary>Drawn when the form is shown: submitting it twice adjusts once.</summary>
        public string? Token { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<Input>
    {
        public InputValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(i => i.WarehouseId).NotNull().WithMessage(_ => l["Stock.WarehouseRequired"]);
            RuleFor(i => i.Bucket).NotNull().WithMessage(_ => l["Stock.Adjust.BucketRequired"]);
            RuleFor(i => i.Quantity).Must(q => int.TryParse(q?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                    && n != 0 && Math.Abs(n) <= 100_000)
                .WithMessage(_ => l["Stock.Adjust.QuantityInvalid"]);
            RuleFor(i => i.Reason).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage(_ => l["Stock.Adjust.ReasonRequired"])
                .Must(r => r!.Trim().Length > 0).WithMessage(_ => l["Stock.Adjust.ReasonRequired"])
                .MaximumLength(StockMovement.NoteLength).WithMessage(_ => l["Stock.Adjust.ReasonTooLong"]);
            RuleFor(i => i.Token).NotEmpty().MaximumLength(40).WithMessage(_ => l["Stock.FormExpired"]);
        }
    }
}
