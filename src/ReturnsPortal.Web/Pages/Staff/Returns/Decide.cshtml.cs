using Microsoft.Extensions.Options;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Policies;

namespace ReturnsPortal.Web.Pages.Staff.Returns;

/// <summary>
/// The decision, per received line (verdict, disposition, optional manual deduction), with the refund breakdown the
/// domain computes shown line by line. "Recalculate" previews; "Decide" stores and submits (four-eyes above the
/// threshold); a return resolved at once gets its settlement in the same transaction.
/// </summary>
public sealed class DecideModel(
    ReturnsDbContext db, TimeProvider clock, IActorAccessor actor, IOptions<QueueOptions> options,
    IOptions<WarehouseOptions> warehouse, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty] public Input Form { get; set; } = new();
    public ReturnView View { get; private set; } = null!;
    public RefundBreakdown? Breakdown { get; private set; }
    /// <summary>Why the previewed decision would wait for a second person, if it would (ADR 0125).</summary>
    public SecondApproval SecondApproval { get; private set; }
    /// <summary>The policy version's four-eyes limits in the order's currency; null: it has none (every decision waits).</summary>
    public PolicyApprovalThreshold? Limits { get; private set; }
    /// <summary>A manual deduction is above the signed-in person's limit: the breakdown is computed without it and goes to a manager (ADR 0091).</summary>
    public bool OverLimit { get; private set; }
    /// <summary>The signed-in person's manual deduction limit per line; null is unlimited (ADR 0034).</summary>
    public Money? DeductionLimit => warehouse.Value.DeductionLimitFor(User, View.Currency);

    public async Task<IActionResult> OnGetAsync(string rma, CancellationToken ct)
    {
        if (!await LoadAsync(rma, ct))
        {
            return NotFound();
        }
        Form = new Input
        {
            Version = View.Version,
            Lines = [.. View.Lines.Where(x => x.IsReceived).Select(x => new LineInput
            {
                LineId = x.Id,
                Verdict = x.Decision?.Verdict ?? (x.Grade is null or ItemGrade.A || x.MerchantBearsCost ? LineVerdict.Accept : LineVerdict.AcceptWithDeduction),
                Disposition = x.Decision?.Disposition ?? DefaultDisposition(x.Grade),
            })],
        };
        await PreviewAsync(rma, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(string rma, CancellationToken ct)
    {
        if (!await LoadAsync(rma, ct))
        {
            return NotFound();
        }
        await PreviewAsync(rma, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string rma, CancellationToken ct)
    {
        if (Decisions() is not { } decisions)
        {
            // The preview answers 404 itself when there is no such return.
            return await OnPostPreviewAsync(rma, ct);
        }
        // Resolved at once: the save settles it and moves its stock (ReturnResolved, ADR 0098).
        var result = await ReturnView.ActAsync(db, rma, Form.Version, ModelState, l, async request =>
            request.Decide(decisions, actor.CurrentActor, clock.GetUtcNow().UtcDateTime, await RulesAsync(request, ct)), ct);
        return await AfterAsync(result, rma, ct);
    }

    /// <summary>
    /// "Send to a manager": a deduction above the person's limit goes to the four-eyes queue as a proposal with their
    /// note (ADR 0091); the return waits for approval.
    /// </summary>
    public async Task<IActionResult> OnPostProposeAsync(string rma, CancellationToken ct)
    {
        var decisions = Decisions();
        var note = Form.Note?.Trim();
        if (string.IsNullOrEmpty(note))
        {
            ModelState.AddModelError("Form.Note", l["Wh.Decide.ProposalNoteRequired"]);
        }
        else if (note.Length > ReturnRequest.ProposalNoteLength)
        {
            ModelState.AddModelError("Form.Note", l["Wh.Decide.ProposalNoteTooLong"]);
        }
        if (decisions is null || note is null || !ModelState.IsValid)
        {
            return await OnPostPreviewAsync(rma, ct);
        }
        var result = await ReturnView.ActAsync(db, rma, Form.Version, ModelState, l, async request =>
            request.ProposeToManager(decisions, note, actor.CurrentActor, clock.GetUtcNow().UtcDateTime, await RulesAsync(request, ct)), ct);
        return await AfterAsync(result, rma, ct);
    }

    /// <summary>Saved: back to the return; refused: the form again with its breakdown and the message.</summary>
    private async Task<IActionResult> AfterAsync(ReturnView.ActResult result, string rma, CancellationToken ct)
    {
        if (result.NotFound)
        {
            return NotFound();
        }
        return result.Saved ? Redirect($"/staff/returns/{ReturnView.Key(rma)}") : await OnPostPreviewAsync(rma, ct);
    }

    public static Disposition DefaultDisposition(ItemGrade? grade) => grade switch
    {
        ItemGrade.B => Disposition.OpenBox,
        ItemGrade.C => Disposition.Refurbish,
        ItemGrade.D => Disposition.Recycle,
        _ => Disposition.Restock,
    };

    private async Task<bool> LoadAsync(string rma, CancellationToken ct)
    {
        var view = await ReturnView.LoadAsync(db, rma, options.Value.RefundServiceLevelDays,
            ShopLanguage.CurrentIsFrench, ct);
        View = view!;
        return view is not null;
    }

    private async Task PreviewAsync(string rma, CancellationToken ct)
    {
        if (View.Status != ReturnStatus.Inspected || Decisions() is not { } decisions)
        {
            return;
        }
        var key = ReturnView.Key(rma);
        var request = await db.Returns.AsNoTracking().ForWarehouse().SingleAsync(r => r.Rma == key, ct);
        try
        {
            var rules = await RulesAsync(request, ct);
            // Over the limit the breakdown stays on screen, computed without it, for a manager to approve (ADR 0091).
            OverLimit = ReturnRequest.ExceedsDeductionLimit(decisions, rules.ManualDeductionLimit);
            Breakdown = request.RefundFor(decisions, OverLimit ? rules with { ManualDeductionLimit = null } : rules);
            SecondApproval = request.SecondApprovalFor(Breakdown, decisions);
            Limits = request.Policy!.ApprovalThresholdFor(request.Order!.Currency);
        }
        catch (DomainException e)
        {
            if (ModelState.IsValid)
            {
                ReturnView.AddError(ModelState, l, e);
            }
        }
    }

    private async Task<DecisionRules> RulesAsync(ReturnRequest request, CancellationToken ct) =>
        new(warehouse.Value.DeductionLimitFor(User, request.Order!.Currency), await db.Returns.IsFirstReturnAsync(request, ct));

    /// <summary>The form as domain inputs, or null with field errors (missing choice, unreadable amount).</summary>
    private List<LineDecisionInput>? Decisions()
    {
        var result = new List<LineDecisionInput>();
        for (var i = 0; i < Form.Lines.Count; i++)
        {
            var line = Form.Lines[i];
            if (line.Verdict is not { } verdict || line.Disposition is not { } disposition)
            {
                AddOnce($"Form.Lines[{i}].Verdict", l["Wh.Decide.ChoiceRequired"]);
                continue;
            }
            long? deduction = null;
            if (!string.IsNullOrWhiteSpace(line.Deduction))
            {
                if (MoneyParser.ParseMinor(line.Deduction) is not { } cents || cents is < 0 or > 100_000_000)
                {
                    AddOnce($"Form.Lines[{i}].Deduction", l["Wh.Decide.DeductionInvalid"]);
                    continue;
                }
                deduction = cents;
            }
            result.Add(new LineDecisionInput(line.LineId, verdict, disposition, deduction));
        }
        // Only the lines' own errors stop the breakdown: a refused decision or a missing proposal note keeps it on screen.
        return ModelState.All(e => !e.Key.StartsWith("Form.Lines", StringComparison.Ordinal) || e.Value is null || e.Value.Errors.Count == 0)
            ? result : null;
    }

    private void AddOnce(string key, string message)
    {
        if (!ModelState.TryGetValue(key, out var entry) || entry.Errors.Count == 0)
        {
            ModelState.AddModelError(key, message);
        }
    }

    public sealed record Input
    {
        public int Version { get; set; }
        public List<LineInput> Lines { get; set; } = [];
        /// <summary>The note sent with a proposal to a manager (ADR 0091).</summary>
        public string? Note { get; set; }
    }

    public sealed record LineInput
    {
        public int LineId { get; set; }
        public LineVerdict? Verdict { get; set; }
        public Disposition? Disposition { get; set; }
        /// <summary>A manual deduction in euros ("12,50"); empty means the grade's default.</summary>
        public string? Deduction { get; set; }
    }
}
