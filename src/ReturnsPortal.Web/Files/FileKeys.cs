namespace ReturnsPortal.Web.Files;

/// <summary>The keys every <see cref="IFileStore"/> gives out: <c>folder/guid.ext</c>, plain names only.</summary>
public static class FileKeys
{
    public static string New(string folder, string extension)
    {
        if (!IsSafeSegment(folder) || !IsSafeSegment(extension))
        {
            throw new ArgumentException("Folders and extensions are plain names.", nameof(folder));
        }
        return $"{folder}/{Guid.NewGuid():N}.{extension}";
    }

    /// <summary>The key's two segments; throws for anything else (a path from outside must never reach a store).</summary>
    public static (string Folder, string Name) Check(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = key.Split('/');
        if (parts.Length != 2 || !parts.All(IsSafeSegment))
        {
            throw new ArgumentException("Not a file key of this store.", nameof(key));
        }
        return (parts[0], parts[1]);
    }

    private static bool IsSafeSegment(string value) =>
        value.Length is > 0 and <= 100 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && !value.StartsWith('.');
}
