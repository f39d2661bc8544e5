using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Hosting;
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
            return Task.CompletedTask;
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
        return ActAsync(rma, (request, now) =>
        {
            request.SendBackForReview(actor.CurrentActor, Form.Note.Trim(), now);
            return Task.CompletedTask;
        }, ct);
    }

    private async Task<IActionResult> ActAsync(string rma, Func<ReturnRequest, DateTime, Task> act, CancellationToken ct)
    {
        var (request, stale) = await ReturnView.LoadForActionAsync(db, rma, Form.Version, ct);
        if (request is null)
        {
            return NotFound();
        }
        if (stale)
        {
            ModelState.AddModelError("", l["Wh.ChangedByColleague"]);
            return await OnGetAsync(rma, ct);
        }
        try
        {
            await act(request, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException e)
        {
            ReturnView.AddError(ModelState, l, e);
            db.ChangeTracker.Clear();
            return await OnGetAsync(rma, ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || DecideModel.IsDuplicateSettlement(e))
        {
            ModelState.AddModelError("", l["Wh.ChangedByColleague"]);
            db.ChangeTracker.Clear();
            return await OnGetAsync(rma, ct);
        }
        return Redirect($"/staff/returns/{ReturnView.Key(rma)}");
    }

    public sealed record Input
    {
        public int Version { get; set; }
        public string? Note { get; set; }
    }
}
