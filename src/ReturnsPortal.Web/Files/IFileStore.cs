namespace ReturnsPortal.Web.Files;

/// <summary>
/// Where the portal's files live: customers' and staff photos, the e-mail logo, the mailbox (ADR 0109, 0112). Never
/// served as static files: a page that checks who may see a file reads it through this interface. Keys are
/// <see cref="FileKeys"/>' <c>folder/name</c>; both stores give and take the same keys.
/// </summary>
public interface IFileStore
{
    /// <summary>Stores the content under a new key made from <paramref name="folder"/> and returns that key.</summary>
    Task<string> SaveAsync(string folder, string extension, Stream content, CancellationToken ct);

    /// <summary>
    /// Stores the content under a key the caller chose (the logo, a mail named by its Message-ID), replacing the file
    /// already there.
    /// </summary>
    Task WriteAsync(string key, Stream content, CancellationToken ct);

    Task<Stream?> OpenAsync(string key, CancellationToken ct);

    /// <summary>The contents of several files at once (one query for the database store); missing keys are left out.</summary>
    Task<IReadOnlyDictionary<string, byte[]>> ReadManyAsync(IReadOnlyCollection<string> keys, CancellationToken ct);

    /// <summary>The files of one folder, in no particular order.</summary>
    Task<IReadOnlyList<StoredFileEntry>> ListAsync(string folder, CancellationToken ct);

    /// <summary>Removes the file; false when there was none.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken ct);
}

/// <summary>A file of a folder: its key, its size and when it was last written (UTC).</summary>
public sealed record StoredFileEntry(string Key, long Size, DateTime WrittenAt);
