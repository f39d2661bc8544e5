using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Hosting;

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
    public ReturnView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string rma, CancellationToken ct)
    {
        var view = await ReturnView.LoadAsync(db, rma, options.Value.RefundServiceLevelDays, IsFrench, ct);
        if (view is null)
        {
            return NotFound();
        }
        View = view;
        return Page();
    }

    public async Task<IActionResult> OnPostReceiveAsync(string rma, CancellationToken ct)
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
        var receipts = new List<LineReceipt>();
        foreach (var line in Form.Lines)
        {
            if (line.Outcome is not { } outcome)
            {
                ModelState.AddModelError("", l["Wh.Receive.OutcomeRequired"]);
                return await OnGetAsync(rma, ct);
            }
            receipts.Add(new LineReceipt(line.LineId, outcome, line.Quantity ?? 0));
        }
        try
        {
            request.Receive(receipts, actor.CurrentActor, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException e)
        {
            ReturnView.AddError(ModelState, l, e);
            return await OnGetAsync(rma, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("", l["Wh.ChangedByColleague"]);
            return await OnGetAsync(rma, ct);
        }
        return Redirect($"/staff/returns/{ReturnView.Key(rma)}/inspect");
    }

    private static bool IsFrench => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "fr";

    public sealed record ReceiptInput
    {
        public int Version { get; set; }
        public List<LineInput> Lines { get; set; } = [];
    }

    public sealed record LineInput
    {
        public int LineId { get; set; }
        public ReceiptOutcome? Outcome { get; set; }
        public int? Quantity { get; set; }
    }
}
