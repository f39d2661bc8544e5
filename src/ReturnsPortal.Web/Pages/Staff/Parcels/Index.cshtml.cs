using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Web.Labels;
using ReturnsPortal.Web.Pages.Staff.Returns;

namespace ReturnsPortal.Web.Pages.Staff.Parcels;

/// <summary>Parcels nobody could match yet, oldest first; linking one to its return opens that return's receipt form.</summary>
public sealed class ParcelsModel(ReturnsDbContext db, TimeProvider clock, IActorAccessor actor, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty] public Input Form { get; set; } = new();
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Rows = await db.UnidentifiedParcels.AsNoTracking().Where(p => p.ReturnRequestId == null)
            .OrderBy(p => p.ReceivedAt).ThenBy(p => p.Id)
            .Select(p => new Row(p.Id, p.SenderName, p.Postcode, p.CarrierTrackingNumber, p.Notes, p.ReceivedAt, p.ReceivedBy, p.Version)
            {
                PhotoIds = p.Photos.OrderBy(x => x.Id).Select(x => x.Id).ToList(),
            })
            .ToListAsync(ct);

    public async Task<IActionResult> OnPostLinkAsync(CancellationToken ct)
    {
        var rma = LabelCodes.RmaFromQrPayload(Form.Rma) ?? RmaNumber.Normalise(Form.Rma);
        var parcel = await db.UnidentifiedParcels.SingleOrDefaultAsync(p => p.Id == Form.ParcelId, ct);
        var request = rma is null ? null : await db.Returns.SingleOrDefaultAsync(r => r.Rma == rma, ct);
        if (parcel is null || request is null)
        {
            ModelState.AddModelError($"Rma-{Form.ParcelId}", l["Wh.Parcels.UnknownRma"]);
            await OnGetAsync(ct);
            return Page();
        }
        db.Entry(parcel).Property(p => p.Version).OriginalValue = Form.Version;
        try
        {
            parcel.LinkTo(request, actor.CurrentActor, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException e)
        {
            ReturnView.AddError(ModelState, l, e, $"Rma-{Form.ParcelId}");
            await OnGetAsync(ct);
            return Page();
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("", l["Wh.ChangedByColleague"]);
            await OnGetAsync(ct);
            return Page();
        }
        return Redirect($"/staff/returns/{request.Rma}");
    }

    public sealed record Input
    {
        public int ParcelId { get; set; }
        public int Version { get; set; }
        public string? Rma { get; set; }
    }

    public sealed record Row(
        int Id, string? SenderName, string? Postcode, string? Tracking, string? Notes, DateTime ReceivedAt, string ReceivedBy, int Version)
    {
        /// <summary>The parcel's photos, served by /staff/photos/parcel/{id} (staff only).</summary>
        public IReadOnlyList<int> PhotoIds { get; init; } = [];
    }
}
