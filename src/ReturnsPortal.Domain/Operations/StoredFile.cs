namespace ReturnsPortal.Domain.Operations;

/// <summary>
/// A file kept in the database (photos, logo, receipts) when <c>Files:Store=Database</c>: every instance of a cluster
/// reads what another one stored (ADR 0109). The key is the file store's key (<c>folder/name.ext</c>).
/// </summary>
public sealed class StoredFile
{
    public const int KeyLength = 220;
    public const int ContentTypeLength = 100;

    public required string Key { get; init; }

    public string? ContentType { get; init; }

    public required byte[] Content { get; init; }

    public long Size { get; init; }

    public DateTime CreatedAt { get; init; }
}
