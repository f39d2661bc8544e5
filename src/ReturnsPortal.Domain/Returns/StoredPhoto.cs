namespace ReturnsPortal.Domain.Returns;

/// <summary>
/// A photo whose bytes are in the file store under <see cref="FileKey"/>: a customer's (<see cref="ReturnLinePhoto"/>),
/// an inspector's (<see cref="BackOffice.InspectionPhoto"/>) or a parcel's (<see cref="BackOffice.ParcelPhoto"/>).
/// The same columns and limits, one table each (this class is not an entity of its own).
/// </summary>
public abstract class StoredPhoto
{
    protected StoredPhoto() { }

    protected StoredPhoto(string fileKey, string contentType, string fileName, long length)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        FileKey = fileKey;
        ContentType = contentType;
        FileName = fileName.Length > ReturnLinePhoto.FileNameLength ? fileName[..ReturnLinePhoto.FileNameLength] : fileName;
        Length = length;
    }

    public int Id { get; private set; }
    public string FileKey { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public string FileName { get; private set; } = "";
    public long Length { get; private set; }

    /// <summary>The staff photos' rule (the customers' photos are checked before upload): 1 byte to 5 MB.</summary>
    protected static long CheckedLength(long length, string errorCode) =>
        length is <= 0 or > ReturnLinePhoto.MaxBytes ? throw new Common.DomainException(errorCode, "A photo has 1 byte to 5 MB.") : length;
}
