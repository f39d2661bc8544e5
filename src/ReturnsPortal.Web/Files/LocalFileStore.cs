namespace ReturnsPortal.Web.Files;

/// <summary>
/// The default store: a folder "uploads" under Storage:DataPath, outside wwwroot; the logo and the mailbox keep the
/// folders of the data folder they had before they went through the store (ADR 0112), so an older build's files are
/// still found where it left them.
/// </summary>
public sealed class LocalFileStore(PortalOptions options) : IFileStore
{
    private static readonly string[] AtDataRoot = [FileKeys.Branding, FileKeys.Mailbox];

    private readonly string uploads = Path.Combine(options.DataPath, "uploads");
    private readonly string dataPath = options.DataPath;

    public async Task<string> SaveAsync(string folder, string extension, Stream content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        var key = FileKeys.New(folder, extension);
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await content.CopyToAsync(file, ct);
        return key;
    }

    public async Task WriteAsync(string key, Stream content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = PathOf(key);
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        // Written aside then moved over the old one, so a reader sees the old file or the new one, never half of one.
        // The temporary name starts with '.', which no key can: a listing never shows it.
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(file, ct);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public Task<Stream?> OpenAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        return Task.FromResult<Stream?>(File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null);
    }

    public async Task<IReadOnlyDictionary<string, byte[]>> ReadManyAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var contents = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var path = PathOf(key);
            if (File.Exists(path))
            {
                contents[key] = await File.ReadAllBytesAsync(path, ct);
            }
        }
        return contents;
    }

    public Task<IReadOnlyList<StoredFileEntry>> ListAsync(string folder, CancellationToken ct)
    {
        var directory = new DirectoryInfo(FolderPath(folder));
        IReadOnlyList<StoredFileEntry> files = !directory.Exists ? [] :
        [
            .. directory.EnumerateFiles().Where(f => FileKeys.IsSafeSegment(f.Name))
                .Select(f => new StoredFileEntry(FileKeys.Of(folder, f.Name), f.Length, f.LastWriteTimeUtc)),
        ];
        return Task.FromResult(files);
    }

    public Task<bool> DeleteAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        var existed = File.Exists(path);
        File.Delete(path);
        return Task.FromResult(existed);
    }

    private string PathOf(string key)
    {
        var (folder, name) = FileKeys.Check(key);
        return Path.Combine(FolderPath(folder), name);
    }

    private string FolderPath(string folder)
    {
        if (!FileKeys.IsSafeSegment(folder))
        {
            throw new ArgumentException("Folders are plain names.", nameof(folder));
        }
        return Path.Combine(AtDataRoot.Contains(folder) ? dataPath : uploads, folder);
    }
}
