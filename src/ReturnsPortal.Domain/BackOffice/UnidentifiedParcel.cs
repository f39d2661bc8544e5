namespace ReturnsPortal.Domain.BackOffice;

/// <summary>A parcel that arrived without anything matching a return; it waits in its own queue until linked.</summary>
public sealed class UnidentifiedParcel : IVersioned
{
    public const int SenderLength = 200;
    public const int PostcodeLength = 10;
    public const int NotesLength = 2000;

    private UnidentifiedParcel() { }

    public int Id { get; private set; }
    public string? SenderName { get; private set; }
    public string? Postcode { get; private set; }
    public string? CarrierTrackingNumber { get; private set; }
    public string? Notes { get; private set; }
    public DateTime ReceivedAt { get; private set; }
    public string ReceivedBy { get; private set; } = "";
    public int? ReturnRequestId { get; private set; }
    public DateTime? LinkedAt { get; private set; }
    public string? LinkedBy { get; private set; }
    public int Version { get; set; }
    /// <summary>What the parcel looked like when it came in; the bytes are in the file store.</summary>
    public List<ParcelPhoto> Photos { get; } = [];

    public bool IsLinked => ReturnRequestId is not null;

    /// <summary>Adds photos taken at registration; at most <see cref="ParcelPhoto.MaxPerParcel"/> in all.</summary>
    public void AddPhotos(IEnumerable<ParcelPhoto> photos)
    {
        ArgumentNullException.ThrowIfNull(photos);
        var added = photos.ToList();
        if (Photos.Count + added.Count > ParcelPhoto.MaxPerParcel)
        {
            throw new DomainException("parcel.photos", $"At most {ParcelPhoto.MaxPerParcel} photos per parcel.");
        }
        Photos.AddRange(added);
    }

    public static UnidentifiedParcel Register(string? sender, string? postcode, string? tracking, string? notes, string actor, DateTime at)
    {
        static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        var parcel = new UnidentifiedParcel
        {
            SenderName = Clean(sender),
            Postcode = Clean(postcode)?.ToUpperInvariant(),
            CarrierTrackingNumber = Clean(tracking)?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant(),
            Notes = Clean(notes),
            ReceivedAt = at,
            ReceivedBy = actor,
        };
        if (parcel.SenderName is null && parcel.CarrierTrackingNumber is null && parcel.Notes is null)
        {
            throw new DomainException("parcel.empty", "Give the sender, the tracking number or a note: something to find it by.");
        }
        return parcel;
    }

    /// <summary>Links the parcel to the return it turned out to be; the return is then received line by line.</summary>
    public void LinkTo(ReturnRequest request, string actor, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (IsLinked)
        {
            throw new DomainException("parcel.linked", "This parcel is already linked to a return.");
        }
        if (request.Status is not (ReturnStatus.Approved or ReturnStatus.InTransit))
        {
            throw new DomainException("parcel.return_status", $"Return {request.Rma} is {request.Status}: it is not waiting for a parcel.");
        }
        ReturnRequestId = request.Id;
        LinkedAt = at;
        LinkedBy = actor;
    }
}
