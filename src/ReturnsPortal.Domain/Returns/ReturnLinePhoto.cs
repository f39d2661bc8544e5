namespace ReturnsPortal.Domain.Returns;

/// <summary>A customer's photo of a returned item; the bytes are in the file store under <see cref="FileKey"/>.</summary>
public sealed class ReturnLinePhoto : StoredPhoto
{
    public const int MaxPerLine = 5;
    public const long MaxBytes = 5 * 1024 * 1024;
    public const int FileKeyLength = 200;
    public const int ContentTypeLength = 40;
    public const int FileNameLength = 200;

    private ReturnLinePhoto() { }

    public ReturnLinePhoto(string fileKey, string contentType, string fileName, long length)
        : base(fileKey, contentType, fileName, length)
    {
    }

    public int ReturnLineId { get; private set; }
}
