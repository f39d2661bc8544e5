namespace ReturnsPortal.Domain.Returns;

/// <summary>A customer's photo of a returned item; the bytes are in the file store under <see cref="FileKey"/>.</summary>
public sealed class ReturnLinePhoto
{
    public const int MaxPerLine = 5;
    public const long MaxBytes = 5 * 1024 * 1024;
    public const int FileKeyLength = 200;
    public const int ContentTypeLength = 40;
    public const int FileNameLength = 200;

    private ReturnLinePhoto() { }

    public ReturnLinePhoto(string fileKey, string contentType, string fileName, long length)
    {
        FileKey = fileKey;
        ContentType = contentType;
        FileName = fileName.Length > FileNameLength ? fileName[..FileNameLength] : fileName;
        Length = length;
    }

    public int Id { get; private set; }
    public int ReturnLineId { get; private set; }
    public string FileKey { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public string FileName { get; private set; } = "";
    public long Length { get; private set; }
}
