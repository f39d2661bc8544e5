using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Web.Files;
using ReturnsPortal.Web.Labels;

namespace ReturnsPortal.Web.Pages.Staff;

/// <summary>
/// The receiving desk: one field a keyboard-wedge scanner types into (it presses Enter). It accepts the RMA in any
/// typed form, the label's QR payload, a carrier tracking number, an order number or the customer's e-mail. Nothing found → the
/// unidentified-parcel form.
/// </summary>
public sealed class ReceiveModel(
    ReturnsDbContext db, TimeProvider clock, IActorAccessor actor, IValidator<ReceiveModel.ParcelInput> parcelValidator,
    IStringLocalizer<SharedResource> l, IFileStore files) : PageModel
{
    [BindProperty] public string? Scan { get; set; }
    [BindProperty] public ParcelInput Parcel { get; set; } = new();
    public IReadOnlyList<Match> Matches { get; private set; } = [];
    public bool NothingFound { get; private set; }
    public int? RegisteredParcelId { get; private set; }

    public void OnGet(int? registered) => RegisteredParcelId = registered;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var scan = Scan?.Trim();
        if (string.IsNullOrEmpty(scan))
        {
            ModelState.AddModelError(nameof(Scan), l["Wh.Receive.ScanRequired"]);
            return Page();
        }
        Matches = await FindAsync(db, scan, ct);
        if (Matches.Count == 1)
        {
            return Redirect($"/staff/returns/{Matches[0].Rma}");
        }
        NothingFound = Matches.Count == 0;
        if (NothingFound)
        {
            // What was scanned is most likely the carrier's number: keep it for the parcel form.
            Parcel = scan.Contains('@', StringComparison.Ordinal)
                ? new ParcelInput { Notes = scan }
                : new ParcelInput { CarrierTrackingNumber = scan.Length <= ReturnRequest.TrackingLength ? scan : null };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostParcelAsync(CancellationToken ct)
    {
        NothingFound = true;
        var valid = await parcelValidator.ValidateIntoAsync(Parcel, ModelState, nameof(Parcel), ct);
        var posted = Request.HasFormContentType ? Request.Form.Files.GetFiles(PhotoField) : [];
        var (photos, photoError) = await PhotoUploads.CheckAsync(posted, ParcelPhoto.MaxPerParcel, ct);
        if (photoError is not null)
        {
            ModelState.AddModelError(PhotoField, l[PhotoUploads.MessageKey(photoError, "Wh.Parcel.PhotosTooMany")]);
        }
        if (!valid || photoError is not null)
        {
            return Page();
        }
        var parcel = UnidentifiedParcel.Register(Parcel.SenderName, Parcel.Postcode, Parcel.CarrierTrackingNumber, Parcel.Notes,
            actor.CurrentActor, clock.GetUtcNow().UtcDateTime);
        var stored = await PhotoUploads.SaveAsync(files, "parcels", photos,
            (key, photo) => new ParcelPhoto(key, photo.ContentType, Path.GetFileName(photo.File.FileName), photo.File.Length), ct);
        parcel.AddPhotos(stored);
        db.UnidentifiedParcels.Add(parcel);
        await db.SaveChangesAsync(ct);
        return RedirectToPage(new { registered = parcel.Id });
    }

    /// <summary>
    /// The returns a scan designates: by RMA or QR payload, else the open returns of a customer e-mail, else by tracking
    /// number, else the open returns of an order.
    /// </summary>
    public static async Task<IReadOnlyList<Match>> FindAsync(ReturnsDbContext db, string scan, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rma = LabelCodes.RmaFromQrPayload(scan) ?? RmaNumber.Normalise(scan);
        var returns = db.Returns.AsNoTracking();
        if (rma is not null)
        {
            var byRma = await Project(returns.Where(r => r.Rma == rma)).ToListAsync(ct);
            if (byRma.Count > 0)
            {
                return byRma;
            }
        }
        if (scan.Contains('@', StringComparison.Ordinal))
        {
            // Typed, not scanned: the customer's e-mail (a parcel without its label). Several open returns are listed.
            var email = Order.NormaliseEmail(scan);
#pragma warning disable CA1862, CA1304, CA1311 // translated to SQL lower(): culture overloads do not translate on both providers
            return await Project(returns.Where(r => r.Order!.Email.ToLower() == email
                && r.Status != ReturnStatus.Closed && r.Status != ReturnStatus.Cancelled && r.Status != ReturnStatus.Expired))
                .ToListAsync(ct);
#pragma warning restore CA1862, CA1304, CA1311
        }
        var tracking = scan.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
#pragma warning disable CA1862, CA1304, CA1311 // translated to SQL upper(): culture overloads do not translate on both providers
        var byTracking = await Project(returns.Where(r => r.CarrierTrackingNumber != null && r.CarrierTrackingNumber.ToUpper() == tracking)).ToListAsync(ct);
#pragma warning restore CA1862, CA1304, CA1311
        if (byTracking.Count > 0)
        {
            return byTracking;
        }
        var number = Order.NormaliseNumber(scan);
        return await Project(returns.Where(r => r.Order!.Number == number
            && r.Status != ReturnStatus.Closed && r.Status != ReturnStatus.Cancelled && r.Status != ReturnStatus.Expired))
            .ToListAsync(ct);
    }

    private static IQueryable<Match> Project(IQueryable<ReturnRequest> query) =>
        query.OrderBy(r => r.Id).Select(r => new Match(r.Rma, r.Order!.Number, r.Order.CustomerName, r.Status, r.CreatedAt));

    public sealed record Match(string Rma, string OrderNumber, string CustomerName, ReturnStatus Status, DateTime CreatedAt);

    /// <summary>The parcel form's file input (photos of the parcel, checked by their bytes).</summary>
    public const string PhotoField = "ParcelPhotos";

    public sealed record ParcelInput
    {
        public string? SenderName { get; set; }
        public string? Postcode { get; set; }
        public string? CarrierTrackingNumber { get; set; }
        public string? Notes { get; set; }
    }

    public sealed class ParcelInputValidator : AbstractValidator<ParcelInput>
    {
        public ParcelInputValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(p => p.SenderName)
                .NotEmpty().When(p => string.IsNullOrWhiteSpace(p.CarrierTrackingNumber) && string.IsNullOrWhiteSpace(p.Notes))
                .WithMessage(_ => l["Wh.Parcel.SomethingRequired"]);
            RuleFor(p => p.SenderName).MaximumLength(UnidentifiedParcel.SenderLength).WithMessage(_ => l["Wh.Parcel.TooLong"]);
            RuleFor(p => p.Postcode).MaximumLength(UnidentifiedParcel.PostcodeLength).WithMessage(_ => l["Wh.Parcel.TooLong"]);
            RuleFor(p => p.CarrierTrackingNumber).MaximumLength(ReturnRequest.TrackingLength).WithMessage(_ => l["Wh.Parcel.TooLong"]);
            RuleFor(p => p.Notes).MaximumLength(UnidentifiedParcel.NotesLength).WithMessage(_ => l["Wh.Parcel.TooLong"]);
        }
    }
}
