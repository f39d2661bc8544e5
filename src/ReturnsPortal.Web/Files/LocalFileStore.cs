namespace ReturnsPortal.Web.Files;

/// <summary>The default store: a folder "uploads" under Storage:DataPath, outside wwwroot.</summary>
public sealed class LocalFileStore(PortalOptions options) : IFileStore
{
    private readonly string root = Path.Combine(options.DataPath, "uploads");

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

    public Task<Stream?> OpenAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        return Task.FromResult<Stream?>(File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null);
    }

    private string PathOf(string key)
    {
        var (folder, name) = FileKeys.Check(key);
        return Path.Combine(root, folder, name);
    }
}
