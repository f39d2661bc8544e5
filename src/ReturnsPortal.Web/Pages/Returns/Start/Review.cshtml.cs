namespace ReturnsPortal.Web.Pages.Returns.Start;

/// <summary>Step 6: every line, every fee and the refund estimate; one button creates the return (once, whatever happens).</summary>
public sealed class ReviewModel(ReturnWizard wizard, ReturnStarter starter, ReturnsDbContext db, IStringLocalizer<SharedResource> l) : PageModel
{
    public ReturnQuote? Quote { get; private set; }
    public View? Summary { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await wizard.LoadAsync(HttpContext, ct) is not { } state || state.Draft is null)
        {
            return RedirectToPage("Index");
        }
        if (state.ConfirmedRma is { } rma)
        {
            return Redirect(DoneModel.UrlFor(rma));
        }
        var (errors, quote) = await starter.CheckAsync(state.Choices.ToCommand(state.OrderId, null), StartStep.Confirm, ct);
        if (errors.Count > 0 || quote is null)
        {
            ReturnWizard.AddErrors(ModelState, errors, l, _ => "");
        }
        Quote = quote;
        await LoadViewAsync(state, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await wizard.LoadAsync(HttpContext, ct) is not { } state || state.Draft is null)
        {
            return RedirectToPage("Index");
        }
        // The draft id is the idempotency key: a second click, the back button or a resubmission finds the same return.
        var result = await starter.StartAsync(state.Choices.ToCommand(state.OrderId, state.IdempotencyKey), "customer", ct);
        if (!result.Succeeded)
        {
            ReturnWizard.AddErrors(ModelState, result.Errors, l, _ => "");
            await LoadViewAsync(state, ct);
            return Page();
        }
        return Redirect(DoneModel.UrlFor(result.Rma!));
    }

    private async Task LoadViewAsync(WizardState state, CancellationToken ct)
    {
        var language = ShopLanguage.Current;
        var choices = state.Choices;
        var ids = choices.Quantities.Keys.ToList();
        var reasonIds = choices.Lines.Values.Where(x => x.ReasonId is not null).Select(x => x.ReasonId!.Value).ToList();
        var variantIds = choices.Lines.Values.Where(x => x.ExchangeVariantId is not null).Select(x => x.ExchangeVariantId!.Value).ToList();
        var lines = await db.OrderLines.AsNoTracking().Where(x => ids.Contains(x.Id) && x.OrderId == state.OrderId)
            .Select(x => new { x.Id, x.Variant!.Product!.Name, x.Variant.Size, x.Variant.Colour }).ToListAsync(ct);
        var reasons = await db.Reasons.AsNoTracking().Where(r => reasonIds.Contains(r.Id))
            .ToDictionaryAsync(r => r.Id, r => ShopLanguage.Pick(language, r.LabelFr, r.LabelEn), ct);
        var variants = await db.Variants.AsNoTracking().Where(v => variantIds.Contains(v.Id))
            .ToDictionaryAsync(v => v.Id, v => string.Join(" · ", new[] { v.Size, v.Colour }.Where(x => x != null)), ct);
        var point = choices.Method == ReturnMethod.DropOff && choices.DropOffPointId is { } pointId
            ? await db.DropOffPoints.AsNoTracking().Where(p => p.Id == pointId).Select(p => p.Name + ", " + p.Address.Line1 + ", " + p.Address.Postcode + " " + p.Address.City).SingleOrDefaultAsync(ct)
            : null;
        Summary = new View(
            lines.Select(x =>
            {
                var choice = choices.Line(x.Id);
                return new LineView(x.Id, x.Name, x.Size, x.Colour, choices.Quantities[x.Id],
                    choice.ReasonId is { } r && reasons.TryGetValue(r, out var label) ? label : "",
                    choice.Comment, choice.Photos.Count,
                    choice.ExchangeVariantId is { } v && variants.TryGetValue(v, out var variant) ? variant : null);
            }).ToList(),
            choices.Resolution, choices.Method, point, choices.Pickup);
    }

    public sealed record View(IReadOnlyList<LineView> Lines, Resolution? Resolution, ReturnMethod? Method, string? DropOffPoint, PickupChoice? Pickup);

    public sealed record LineView(
        int OrderLineId, string ProductName, string? Size, string? Colour, int Quantity, string Reason, string? Comment, int PhotoCount, string? ExchangeFor);
}
