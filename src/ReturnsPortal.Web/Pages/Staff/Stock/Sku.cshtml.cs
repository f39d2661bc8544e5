using Microsoft.AspNetCore.Mvc.ModelBinding;
using ReturnsPortal.Domain.Inventory;

namespace ReturnsPortal.Web.Pages.Staff.Stock;

/// <summary>
/// One SKU: its levels, its movements newest first (paged), and the transfer of repaired units out of Refurbish
/// (any staff member at the bench). Managers also get a link to the manual adjustment.
/// </summary>
public sealed class SkuModel(
    ReturnsDbContext db, StockLedger ledger, TimeProvider clock, IActorAccessor actor, IValidator<SkuModel.TransferInput> validator,
    IStringLocalizer<SharedResource> l) : PageModel
{
    public const int PageSize = 25;

    [BindProperty] public TransferInput Transfer { get; set; } = new();
    public Header Item { get; private set; } = null!;
    public IReadOnlyList<StockModel.Row> Levels { get; private set; } = [];
    public IReadOnlyList<MovementRow> Movements { get; private set; } = [];
    public IReadOnlyList<WarehouseOption> Warehouses { get; private set; } = [];
    public int PageNumber { get; private set; } = 1;
    public int PageCount { get; private set; } = 1;
    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(string sku, int page, bool done, CancellationToken ct)
    {
        if (!await LoadAsync(sku, page, ct))
        {
            return NotFound();
        }
        Done = done;
        // The warehouse holding the units to repair is the likely one.
        var refurbish = Levels.FirstOrDefault(x => x.Bucket == StockBucket.Refurbish)?.Warehouse;
        var warehouse = Warehouses.FirstOrDefault(w => w.Code == refurbish) ?? (Warehouses.Count > 0 ? Warehouses[0] : null);
        Transfer = new TransferInput { Token = Guid.NewGuid().ToString("N"), WarehouseId = warehouse?.Id };
        return Page();
    }

    public async Task<IActionResult> OnPostTransferAsync(string sku, CancellationToken ct)
    {
        if (!await LoadAsync(sku, 1, ct))
        {
            return NotFound();
        }
        if (!await validator.ValidateIntoAsync(Transfer, ModelState, nameof(Transfer), ct))
        {
            return Page();
        }
        var outcome = await StockForm.PostAsync(ledger, Transfer.Token!, ModelState, l,
            () => ledger.TransferFromRefurbishAsync(Item.Sku, Transfer.WarehouseId!.Value, Transfer.To!.Value,
                int.Parse(Transfer.Quantity!, NumberStyles.Integer, CultureInfo.InvariantCulture), actor.CurrentActor, Transfer.Token!,
                clock.GetUtcNow().UtcDateTime, ct),
            e => e.Code == "stock.negative" ? "Transfer.Quantity" : "", ct);
        if (outcome == StockForm.Outcome.ChangedMeanwhile)
        {
            // Show the levels the colleague left.
            await LoadAsync(sku, 1, ct);
        }
        return outcome == StockForm.Outcome.Saved ? Redirect(WarehouseOption.SkuLink(Item.Sku) + "?done=true") : Page();
    }

    private async Task<bool> LoadAsync(string sku, int page, CancellationToken ct)
    {
        var item = await Header.FindAsync(db, sku, ct);
        if (item is null)
        {
            return false;
        }
        Item = item;
        Warehouses = await WarehouseOption.ListAsync(db, ct);
        Levels = await db.StockLevels.AsNoTracking().Where(s => s.VariantId == item.Id)
            .Join(db.Warehouses, s => s.WarehouseId, w => w.Id, (s, w) => new { s, w })
            .OrderBy(x => x.w.Code).ThenBy(x => x.s.Bucket)
            .Select(x => new StockModel.Row(item.Sku, item.Product, item.Size, item.Colour, x.w.Code, x.s.Bucket, x.s.Quantity, x.s.Reserved, x.s.UpdatedAt))
            .ToListAsync(ct);
        var movements = db.StockMovements.AsNoTracking().Where(m => m.VariantId == item.Id);
        var total = await movements.CountAsync(ct);
        PageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        PageNumber = Math.Clamp(page, 1, PageCount);
        Movements = await movements
            .Join(db.Warehouses, m => m.WarehouseId, w => w.Id, (m, w) => new { m, w })
            .OrderByDescending(x => x.m.At).ThenByDescending(x => x.m.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(x => new MovementRow(x.m.At, x.m.Cause, x.m.Bucket, x.w.Code, x.m.Quantity, x.m.Reserved, x.m.QuantityAfter, x.m.Actor,
                db.Returns.Where(r => r.Lines.Any(rl => rl.Id == x.m.ReturnLineId)).Select(r => r.Rma).FirstOrDefault(),
                x.m.Note, x.m.CostMinor, x.m.CostCurrency))
            .ToListAsync(ct);
        return true;
    }

    public sealed record Header(int Id, string Sku, string Product, string? Size, string? Colour)
    {
        public static Task<Header?> FindAsync(ReturnsDbContext db, string sku, CancellationToken ct) =>
            db.Variants.AsNoTracking().Where(v => v.Sku == sku)
                .Select(v => new Header(v.Id, v.Sku, v.Product!.Name, v.Size, v.Colour)).SingleOrDefaultAsync(ct);
    }

    public sealed record MovementRow(
        DateTime At, StockCause Cause, StockBucket Bucket, string Warehouse, int Quantity, int Reserved, int QuantityAfter, string Actor,
        string? Rma, string? Note, long? CostMinor, string? CostCurrency)
    {
        public Money? Cost => CostMinor is { } minor && CostCurrency is { } currency ? new Money(minor, currency) : null;
    }

    public sealed record TransferInput
    {
        public int? WarehouseId { get; set; }
        public StockBucket? To { get; set; }
        public string? Quantity { get; set; }
        /// <summary>Drawn when the form is shown: submitting it twice transfers once.</summary>
        public string? Token { get; set; }
    }

    public sealed class TransferInputValidator : AbstractValidator<TransferInput>
    {
        public TransferInputValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(i => i.WarehouseId).NotNull().WithMessage(_ => l["Stock.WarehouseRequired"]);
            RuleFor(i => i.To).NotNull().WithMessage(_ => l["Stock.Transfer.ToRequired"])
                .Must(to => to is StockBucket.Sellable or StockBucket.OpenBox).When(i => i.To is not null).WithMessage(_ => l["Stock.Transfer.ToRequired"]);
            RuleFor(i => i.Quantity).Must(q => int.TryParse(q, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 100_000)
                .WithMessage(_ => l["Stock.Transfer.QuantityInvalid"]);
            RuleFor(i => i.Token).NotEmpty().MaximumLength(40).WithMessage(_ => l["Stock.FormExpired"]);
        }
    }
}

/// <summary>
/// A posted stock form (the manual adjustment, the transfer out of Refurbish): the ledger call, its save once per
/// form token, and the ledger's refusals on the form in the reader's language.
/// </summary>
public static class StockForm
{
    public enum Outcome { Saved, ChangedMeanwhile, Refused }

    public static async Task<Outcome> PostAsync(
        StockLedger ledger, string token, ModelStateDictionary modelState, IStringLocalizer l, Func<Task> post,
        Func<DomainException, string> fieldOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(post);
        ArgumentNullException.ThrowIfNull(fieldOf);
        try
        {
            await post();
            if (await ledger.SaveFormAsync(token, ct))
            {
                return Outcome.Saved;
            }
            modelState.AddModelError("", l["Stock.ChangedMeanwhile"]);
            return Outcome.ChangedMeanwhile;
        }
        catch (DomainException e)
        {
            modelState.AddModelError(fieldOf(e), Message(l, e));
            return Outcome.Refused;
        }
    }

    /// <summary>The ledger's refusal in the reader's language.</summary>
    public static string Message(IStringLocalizer l, DomainException error)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(error);
        var text = l["Stock.Error." + error.Code];
        return text.ResourceNotFound ? l["Stock.Error.Generic"] : text;
    }
}
