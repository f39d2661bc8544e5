namespace ReturnsPortal.Web.Files;

/// <summary>The default store: a folder "uploads" under Storage:DataPath, outside wwwroot.</summary>
public sealed class LocalFileStore(PortalOptions options) : IFileStore
{
    private readonly string root = Path.Combine(options.DataPath, "uploads");

    public async Task<string> SaveAsync(string folder, string extension, Stream content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!IsSafeSegment(folder) || !IsSafeSegment(extension))
        {
            throw new ArgumentException("Folders and extensions are plain names.", nameof(folder));
        }
        var key = $"{folder}/{Guid.NewGuid():N}.{extension}";
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
        var parts = key.Split('/');
        if (parts.Length != 2 || !parts.All(IsSafeSegment))
        {
            throw new ArgumentException("Not a file key of this store.", nameof(key));
        }
        return Path.Combine(root, parts[0], parts[1]);
    }

    private static bool IsSafeSegment(string value) =>
        value.Length is > 0 and <= 100 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && !value.StartsWith('.');
}
