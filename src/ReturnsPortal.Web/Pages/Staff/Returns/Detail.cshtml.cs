using Microsoft.Extensions.Options;
using ReturnsPortal.Domain.BackOffice;

namespace ReturnsPortal.Web.Pages.Staff.Returns;

/// <summary>
/// A return as the warehouse sees it: header, lines with the customer's words and what the warehouse found, the
/// audit trail; and, while the parcel is awaited, the per-line receipt form.
/// </summary>
public sealed class DetailModel(
    ReturnsDbContext db, TimeProvider clock, IActorAccessor actor, IOptions<QueueOptions> options, IStringLocalizer<SharedResource> l)
    : PageModel
{
    [BindProperty] public ReceiptInput Form { get; set; } = new();
    [BindProperty] public EndInput End { get; set; } = new();
    public ReturnView View { get; private set; } = null!;
    /// <summary>The customer's store-credit account, when they have one (ADR 0033).</summary>
    public CreditView? Credit { get; private set; }

    public async Task<IActionResult> OnGetAsync(string rma, CancellationToken ct)
    {
        var view = await ReturnView.LoadAsync(db, rma, options.Value.RefundServiceLevelDays, IsFrench, ct);
        if (view is null)
        {
            return NotFound();
        }
        View = view;
        var email = Domain.Orders.Order.NormaliseEmail(view.Email);
        Credit = await db.StoreCreditAccounts.AsNoTracking().Where(a => a.CustomerEmail == email)
            .Select(a => new CreditView(a.Code, a.Currency,
                a.Entries.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).Select(e => new CreditEntryView(e.Kind, e.Amount, e.Reference, e.CreatedAt, e.CreatedBy)).ToList()))
            .SingleOrDefaultAsync(ct);
        if (Credit is not null && !SeesFullCreditCode(User))
        {
            // The code is a bearer secret: Inspectors see its last 4 characters only (ADR 0124).
            Credit = Credit with { Code = StoreCreditAccount.MaskCode(Credit.Code) };
        }
        return Page();
    }

    /// <summary>Agent, Manager and Admin (customer service) see a store-credit code in full; the roles below, masked.</summary>
    public static bool SeesFullCreditCode(System.Security.Claims.ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsInRole(Domain.Staff.StaffRoles.Agent) || user.IsInRole(Domain.Staff.StaffRoles.Manager) || user.IsInRole(Domain.Staff.StaffRoles.Admin);
    }

    public async Task<IActionResult> OnPostReceiveAsync(string rma, CancellationToken ct)
    {
        var result = await ReturnView.ActAsync(db, rma, Form.Version, ModelState, l, request =>
        {
            var receipts = new List<LineReceipt>();
            foreach (var line in Form.Lines)
            {
                if (line.Outcome is not { } outcome)
                {
                    ModelState.AddModelError("", l["Wh.Receive.OutcomeRequired"]);
                    return;
                }
                receipts.Add(new LineReceipt(line.LineId, outcome, line.Quantity ?? 0));
            }
            request.Receive(receipts, actor.CurrentActor, clock.GetUtcNow().UtcDateTime);
        }, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (!result.Saved)
        {
            return await OnGetAsync(rma, ct);
        }
        // Nothing came that could be graded: the return page offers "close as missing" instead of the inspection.
        return Redirect(result.Request.Lines.Any(x => x.IsReceived)
            ? $"/staff/returns/{ReturnView.Key(rma)}/inspect"
            : $"/staff/returns/{ReturnView.Key(rma)}");
    }

    /// <summary>Every line missing or wrong: ends the return without refund, recorded as a dispute (ADR 0032).</summary>
    public Task<IActionResult> OnPostCloseMissingAsync(string rma, CancellationToken ct)
    {
        if (End.Note?.Length > Domain.Returns.ReturnRequest.DisputeNoteLength)
        {
            ModelState.AddModelError("End.Note", l["Wh.Parcel.TooLong"]);
            return OnGetAsync(rma, ct);
        }
        return EndAsync(rma, (request, now) => request.CloseAsMissing(EmptyParcelReason(request.Language, l), End.Note, actor.CurrentActor, now), ct);
    }

    /// <summary>
    /// The reason the customer reads (timeline and e-mail) when their parcel held none of the declared items, in the
    /// return's language (not the inspector's): it is stored with the status change as written today.
    /// </summary>
    public static string EmptyParcelReason(string language, IStringLocalizer l)
    {
        ArgumentNullException.ThrowIfNull(l);
        using var scope = new Notifications.CultureScope(language);
        return l["Wh.CloseMissing.CustomerReason"];
    }

    /// <summary>Refuses the whole return; the reason is what the customer reads in the e-mail and on the timeline.</summary>
    public Task<IActionResult> OnPostRejectAsync(string rma, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(End.Reason))
        {
            ModelState.AddModelError("End.Reason", l["Wh.Reject.ReasonRequired"]);
            return OnGetAsync(rma, ct);
        }
        if (End.Reason.Trim().Length > Domain.Returns.ReturnStatusChange.NoteLength)
        {
            ModelState.AddModelError("End.Reason", l["Wh.Parcel.TooLong"]);
            return OnGetAsync(rma, ct);
        }
        return EndAsync(rma, (request, now) => request.Reject(End.Reason.Trim(), actor.CurrentActor, now), ct);
    }

    private async Task<IActionResult> EndAsync(string rma, Action<Domain.Returns.ReturnRequest, DateTime> act, CancellationToken ct)
    {
        var result = await ReturnView.ActAsync(db, rma, End.Version, ModelState, l, request => act(request, clock.GetUtcNow().UtcDateTime), ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        return result.Saved ? Redirect($"/staff/returns/{ReturnView.Key(rma)}") : await OnGetAsync(rma, ct);
    }

    private static bool IsFrench => ShopLanguage.CurrentIsFrench;

    public sealed record ReceiptInput
    {
        public int Version { get; set; }
        public List<LineInput> Lines { get; set; } = [];
    }

    /// <summary>Close as missing (optional internal note) or reject the whole return (reason for the customer).</summary>
    public sealed record EndInput
    {
        public int Version { get; set; }
        public string? Note { get; set; }
        public string? Reason { get; set; }
    }

    public sealed record CreditView(string Code, string Currency, IReadOnlyList<CreditEntryView> Entries)
    {
        public Money Balance => Entries.Aggregate(Money.Zero(Currency), (sum, e) => e.Kind == StoreCreditEntryKind.Credit ? sum + e.Amount : sum - e.Amount);
    }

    public sealed record CreditEntryView(StoreCreditEntryKind Kind, Money Amount, string Reference, DateTime At, string By);

    public sealed record LineInput
    {
        public int LineId { get; set; }
        public ReceiptOutcome? Outcome { get; set; }
        public int? Quantity { get; set; }
    }
}
