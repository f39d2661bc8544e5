namespace ReturnsPortal.Domain.BackOffice;

/// <summary>
/// A warehouse photo of a returned line taken at inspection (a damaged item, a missing tag). Same limits and serving as
/// <see cref="ParcelPhoto"/>: recognised by their bytes (<see cref="PhotoSignature"/>), 5 MB each, staff only.
/// </summary>
public sealed class InspectionPhoto : StoredPhoto
{
    public const int MaxPerLine = ReturnLinePhoto.MaxPerLine;

    private InspectionPhoto() { }

    public InspectionPhoto(string fileKey, string contentType, string fileName, long length)
        : base(fileKey, contentType, fileName, CheckedLength(length, "inspect.photo_size"))
    {
    }

    public int ReturnLineId { get; private set; }
}
