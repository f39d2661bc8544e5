using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Web.Pages.Staff.Returns;

namespace ReturnsPortal.Web.Pages.Staff.Approvals;

/// <summary>
/// The second pair of eyes: a Manager approves the settlement (never the person who decided it: the domain refuses)
/// or sends it back with a note. Approving creates the settlement in the same transaction.
/// </summary>
[Authorize(Policy = AccessPolicies.Manage)]
public sealed class ReviewModel(
    ReturnsDbContext db, TimeProvider clock, IActorAccessor actor, IOptions<QueueOptions> options,
    IOptions<WarehouseOptions> warehouse, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty] public Input Form { get; set; } = new();
    public ReturnView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string rma, CancellationToken ct)
    {
        var view = await ReturnView.LoadAsync(db, rma, options.Value.RefundServiceLevelDays,
            ShopLanguage.CurrentIsFrench, ct);
        if (view is null)
        {
            return NotFound();
        }
        View = view;
        return Page();
    }

    public Task<IActionResult> OnPostApproveAsync(string rma, CancellationToken ct) =>
        ActAsync(rma, (request, now) =>
        {
            // A proposed deduction above the decider's limit needs an approver whose limit covers it (ADR 0091).
            // The save settles the return and moves its stock (ReturnResolved, ADR 0098).
            request.ApproveSettlement(actor.CurrentActor, now, warehouse.Value.DeductionLimitFor(User, request.Order!.Currency));
        }, ct);

    public Task<IActionResult> OnPostSendBackAsync(string rma, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Form.Note))
        {
            ModelState.AddModelError("Form.Note", l["Wh.Approvals.NoteRequired"]);
            return OnGetAsync(rma, ct);
        }
        if (Form.Note.Length > ReturnStatusChange.NoteLength)
        {
            ModelState.AddModelError("Form.Note", l["Wh.Parcel.TooLong"]);
            return OnGetAsync(rma, ct);
        }
        return ActAsync(rma, (request, now) => request.SendBackForReview(actor.CurrentActor, Form.Note.Trim(), now), ct);
    }

    private async Task<IActionResult> ActAsync(string rma, Action<ReturnRequest, DateTime> act, CancellationToken ct)
    {
        var result = await ReturnView.ActAsync(db, rma, Form.Version, ModelState, l, request => act(request, clock.GetUtcNow().UtcDateTime), ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        return result.Saved ? Redirect($"/staff/returns/{ReturnView.Key(rma)}") : await OnGetAsync(rma, ct);
    }

    public sealed record Input
    {
        public int Version { get; set; }
        public string? Note { get; set; }
    }
}
