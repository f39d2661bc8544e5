namespace ReturnsPortal.Domain.BackOffice;

/// <summary>
/// A warehouse photo of an unidentified parcel. Same limits as the customers' photos (<see cref="ReturnLinePhoto"/>):
/// JPEG, PNG or WebP recognised by their bytes (<see cref="PhotoSignature"/>), 5 MB each; served to staff only.
/// </summary>
public sealed class ParcelPhoto : StoredPhoto
{
    public const int MaxPerParcel = ReturnLinePhoto.MaxPerLine;

    private ParcelPhoto() { }

    public ParcelPhoto(string fileKey, string contentType, string fileName, long length)
        : base(fileKey, contentType, fileName, CheckedLength(length, "parcel.photo_size"))
    {
    }

    public int UnidentifiedParcelId { get; private set; }
}
