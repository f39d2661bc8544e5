namespace ReturnsPortal.Web.Pages.Returns.Start;

/// <summary>Step 2: which items, and how many of each; the others with the plain reason they cannot be returned.</summary>
public sealed class ItemsModel(ReturnWizard wizard, ReturnEligibility eligibility, ReturnStarter starter, IStringLocalizer<SharedResource> l)
    : PageModel
{
    [BindProperty] public List<LineInput> Lines { get; set; } = [];
    public OrderEligibility? Order { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await wizard.LoadAsync(HttpContext, ct) is not { } state)
        {
            return RedirectToPage("/Returns/Index", new { expired = true });
        }
        Order = await eligibility.ForOrderAsync(state.OrderId, ct);
        if (Order is null)
        {
            return RedirectToPage("/Returns/Index", new { expired = true });
        }
        // A confirmed draft is finished: a new return starts from nothing.
        var choices = state.ConfirmedRma is null ? state.Choices : new DraftChoices();
        Lines = Order.Lines.Where(Selectable).Select(x => new LineInput { OrderLineId = x.OrderLineId, Quantity = choices.Quantities.GetValueOrDefault(x.OrderLineId) }).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await wizard.LoadAsync(HttpContext, ct) is not { } state)
        {
            return RedirectToPage("/Returns/Index", new { expired = true });
        }
        ReturnWizard.LocaliseBindingErrors(ModelState, l);
        var choices = state.ConfirmedRma is null ? state.Choices : new DraftChoices();
        var wanted = Lines.GroupBy(x => x.OrderLineId).ToDictionary(g => g.Key, g => g.Sum(x => x.Quantity ?? 0));
        var command = new DraftChoices { Quantities = wanted }.ToCommand(state.OrderId, null);
        var (errors, _) = await starter.CheckAsync(command with { Lines = command.Lines.Concat(wanted.Where(w => w.Value == 0).Select(w => new StartLine(w.Key, 0, null, null, null, []))).ToList() }, StartStep.Items, ct);
        if (!ModelState.IsValid || errors.Count > 0)
        {
            // The page shows this order's lines only, whatever was posted; a foreign line's error goes to the summary.
            Order = await eligibility.ForOrderAsync(state.OrderId, ct);
            Lines = Order!.Lines.Where(Selectable)
                .Select(x => new LineInput { OrderLineId = x.OrderLineId, Quantity = wanted.GetValueOrDefault(x.OrderLineId) }).ToList();
            ReturnWizard.AddErrors(ModelState, errors, l, e =>
                Lines.FindIndex(x => x.OrderLineId == e.OrderLineId) is var i and >= 0 ? $"Lines[{i}].Quantity" : "");
            return Page();
        }
        choices.Quantities = wanted.Where(w => w.Value > 0).ToDictionary();
        foreach (var gone in choices.Lines.Keys.Except(choices.Quantities.Keys).ToList())
        {
            choices.Lines.Remove(gone);
        }
        await wizard.SaveAsync(HttpContext, state with { Choices = choices }, ct);
        return RedirectToPage("Reason");
    }

    /// <summary>A line returnable for any reason, or only as a defect (legal guarantee) once the window has closed.</summary>
    public static bool Selectable(LineEligibility line) => line is { QuantityReturnable: > 0 } && (line.Eligible || line.DefectOnly);

    public sealed record LineInput
    {
        public int OrderLineId { get; set; }
        public int? Quantity { get; set; }
    }
}
