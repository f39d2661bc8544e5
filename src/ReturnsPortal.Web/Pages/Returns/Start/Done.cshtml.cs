namespace ReturnsPortal.Web.Pages.Returns.Start;

/// <summary>Step 7: the RMA in large type, what to do next and by when, the money that comes back, the label and the tracking links.</summary>
public sealed class DoneModel(ReturnsDbContext db, CustomerOrderAccess access) : PageModel
{
    public View? Return { get; private set; }
    public Track.ReturnSpecifics? Specifics { get; private set; }

    /// <summary>The RMA keeps its capitals in the address (routing would lower-case it), as it is read aloud from there.</summary>
    public static string UrlFor(string rma) => "/returns/start/done/" + Uri.EscapeDataString(rma);

    public async Task<IActionResult> OnGetAsync(string rma, CancellationToken ct)
    {
        if (access.OrderId(Request) is not { } orderId)
        {
            return RedirectToPage("/Returns/Index", new { expired = true });
        }
        var number = RmaNumber.Normalise(rma);
        Return = await db.Returns.AsNoTracking()
            .Where(r => r.Rma == number && r.OrderId == orderId)
            .Select(r => new View(r.Rma, r.Method, r.Resolution, r.RefundEstimate, r.LabelFee))
            .SingleOrDefaultAsync(ct);
        if (Return is null)
        {
            return NotFound();
        }
        Specifics = await Track.ReturnSpecifics.LoadAsync(db, Return.Rma, ct);
        return Page();
    }

    /// <summary>The return itself; where and when it goes, and any replacement, are in <see cref="Specifics"/>.</summary>
    public sealed record View(string Rma, ReturnMethod Method, Resolution Resolution, Money RefundEstimate, Money LabelFee);
}
