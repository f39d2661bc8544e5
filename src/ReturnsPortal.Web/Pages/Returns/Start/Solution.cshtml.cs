using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Policies;

namespace ReturnsPortal.Web.Pages.Returns.Start;

/// <summary>Step 4: refund, store credit with its bonus, or another variant of the same product that is in stock.</summary>
public sealed class SolutionModel(
    ReturnWizard wizard, ReturnStarter starter, ReturnsDbContext db, StockReservations stock, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty] public Resolution? Resolution { get; set; }
    [BindProperty] public List<ExchangeInput> Exchanges { get; set; } = [];
    public View? Options { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await wizard.LoadStepAsync(HttpContext, c => c.Lines.Count > 0, ct) is not { } state)
        {
            return RedirectToPage("Index");
        }
        Resolution = state.Choices.Resolution;
        Exchanges = state.Choices.Quantities.Keys.Select(id => new ExchangeInput { OrderLineId = id, VariantId = state.Choices.Line(id).ExchangeVariantId }).ToList();
        await LoadViewAsync(state, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await wizard.LoadStepAsync(HttpContext, c => c.Lines.Count > 0, ct) is not { } state)
        {
            return RedirectToPage("Index");
        }
        ReturnWizard.LocaliseBindingErrors(ModelState, l);
        var choices = state.Choices;
        choices.Resolution = Resolution;
        foreach (var id in choices.Quantities.Keys)
        {
            choices.Line(id).ExchangeVariantId = Resolution == Domain.Returns.Resolution.Exchange
                ? Exchanges.FirstOrDefault(e => e.OrderLineId == id)?.VariantId
                : null;
        }
        var (errors, _) = await starter.CheckAsync(choices.ToCommand(state.OrderId, null), StartStep.Solution, ct);
        if (!ModelState.IsValid || errors.Count > 0)
        {
            ReturnWizard.AddErrors(ModelState, errors, l, e =>
                Exchanges.FindIndex(x => x.OrderLineId == e.OrderLineId) is var i and >= 0 ? $"Exchanges[{i}].VariantId" : nameof(Resolution));
            await LoadViewAsync(state, ct);
            return Page();
        }
        await wizard.SaveAsync(HttpContext, state with { Choices = choices }, ct);
        return RedirectToPage("Shipping");
    }

    private async Task LoadViewAsync(WizardState state, CancellationToken ct)
    {
        var policy = await db.Policies.AsNoTracking().Include(p => p.ReasonResolutions).InForce().FirstAsync(ct);
        var ids = state.Choices.Quantities.Keys.ToList();
        // Only what every chosen line's reason allows (ADR 0085); the starter refuses a forged choice anyway.
        var reasonIds = ids.Select(id => state.Choices.Line(id).ReasonId).OfType<int>().ToList();
        var reasons = await db.Reasons.AsNoTracking().Where(r => reasonIds.Contains(r.Id)).ToListAsync(ct);
        bool Allowed(Domain.Returns.Resolution r) => policy.AllowsForReasons(r, reasons);
        var lines = await db.OrderLines.AsNoTracking().Where(x => ids.Contains(x.Id) && x.OrderId == state.OrderId)
            .Select(x => new
            {
                x.Id,
                x.UnitPricePaid,
                x.VariantId,
                x.Variant!.Product!.Name,
                Others = x.Variant.Product.Variants.Where(v => v.Id != x.VariantId).OrderBy(v => v.Id)
                    .Select(v => new { v.Id, v.Sku, v.Size, v.Colour }).ToList(),
            })
            .ToListAsync(ct);
        var available = await stock.AvailableAsync(lines.SelectMany(x => x.Others.Select(o => o.Id)).ToList(), ct);
        var value = lines.Aggregate(Money.Zero(Money.Euro), (sum, x) => sum + x.UnitPricePaid.Times(state.Choices.Quantities[x.Id]));
        Options = new View(
            Allowed(Domain.Returns.Resolution.Refund), Allowed(Domain.Returns.Resolution.StoreCredit), Allowed(Domain.Returns.Resolution.Exchange),
            policy.StoreCreditBonusPercent, value,
            value + value.Percent(policy.StoreCreditBonusPercent),
            Exchanges.Select(e => lines.Single(x => x.Id == e.OrderLineId)).Select(x => new ExchangeView(
                x.Id, x.Name,
                x.Others.Select(o => new VariantView(o.Id, o.Sku, o.Size, o.Colour, available[o.Id] >= state.Choices.Quantities[x.Id])).ToList()))
            .ToList());
    }

    public sealed record ExchangeInput
    {
        public int OrderLineId { get; set; }
        public int? VariantId { get; set; }
    }

    public sealed record View(
        bool AllowRefund, bool AllowStoreCredit, bool AllowExchange, decimal BonusPercent, Money Value, Money ValueWithBonus,
        IReadOnlyList<ExchangeView> Exchanges);

    public sealed record ExchangeView(int OrderLineId, string ProductName, IReadOnlyList<VariantView> Variants);

    public sealed record VariantView(int Id, string Sku, string? Size, string? Colour, bool InStock);
}
