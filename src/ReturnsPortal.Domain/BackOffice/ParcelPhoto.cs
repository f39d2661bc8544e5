using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.BackOffice;

/// <summary>
/// A warehouse photo of an unidentified parcel. Same limits as the customers' photos (<see cref="ReturnLinePhoto"/>):
/// JPEG, PNG or WebP recognised by their bytes (<see cref="PhotoSignature"/>), 5 MB each; served to staff only.
/// </summary>
public sealed class ParcelPhoto
{
    public const int MaxPerParcel = ReturnLinePhoto.MaxPerLine;

    private ParcelPhoto() { }

    public ParcelPhoto(string fileKey, string contentType, string fileName, long length)
    {
        if (length is <= 0 or > ReturnLinePhoto.MaxBytes)
        {
            throw new Common.DomainException("parcel.photo_size", "A photo has 1 byte to 5 MB.");
        }
        FileKey = fileKey;
        ContentType = contentType;
        FileName = fileName.Length > ReturnLinePhoto.FileNameLength ? fileName[..ReturnLinePhoto.FileNameLength] : fileName;
        Length = length;
    }

    public int Id { get; private set; }
    public int UnidentifiedParcelId { get; private set; }
    public string FileKey { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public string FileName { get; private set; } = "";
    public long Length { get; private set; }
}
