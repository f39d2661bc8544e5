using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.BackOffice;

/// <summary>
/// A warehouse photo of a returned line taken at inspection (a damaged item, a missing tag). Same limits and serving as
/// <see cref="ParcelPhoto"/>: recognised by their bytes (<see cref="PhotoSignature"/>), 5 MB each, staff only.
/// </summary>
public sealed class InspectionPhoto
{
    public const int MaxPerLine = ReturnLinePhoto.MaxPerLine;

    private InspectionPhoto() { }

    public InspectionPhoto(string fileKey, string contentType, string fileName, long length)
    {
        if (length is <= 0 or > ReturnLinePhoto.MaxBytes)
        {
            throw new Common.DomainException("inspect.photo_size", "A photo has 1 byte to 5 MB.");
        }
        FileKey = fileKey;
        ContentType = contentType;
        FileName = fileName.Length > ReturnLinePhoto.FileNameLength ? fileName[..ReturnLinePhoto.FileNameLength] : fileName;
        Length = length;
    }

    public int Id { get; private set; }
    public int ReturnLineId { get; private set; }
    public string FileKey { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public string FileName { get; private set; } = "";
    public long Length { get; private set; }
}
