namespace ReturnsPortal.Web.Files;

/// <summary>The keys every <see cref="IFileStore"/> gives out: <c>folder/guid.ext</c>, plain names only.</summary>
public static class FileKeys
{
    /// <summary>The shop's e-mail logo (<c>branding/logo.png</c>…), ADR 0112.</summary>
    public const string Branding = "branding";

    /// <summary>The mailbox fallback's e-mails (<c>mailbox/&lt;id&gt;.eml</c>), ADR 0112.</summary>
    public const string Mailbox = "mailbox";

    public static string New(string folder, string extension)
    {
        if (!IsSafeSegment(folder) || !IsSafeSegment(extension))
        {
            throw new ArgumentException("Folders and extensions are plain names.", nameof(folder));
        }
        return $"{folder}/{Guid.NewGuid():N}.{extension}";
    }

    /// <summary>The key of a file the caller names itself (<see cref="IFileStore.WriteAsync"/>).</summary>
    public static string Of(string folder, string name)
    {
        if (!IsSafeSegment(folder) || !IsSafeSegment(name))
        {
            throw new ArgumentException("Folders and names are plain names.", nameof(name));
        }
        return $"{folder}/{name}";
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

    /// <summary>The file name of a key (after the folder).</summary>
    public static string NameOf(string key) => Check(key).Name;

    /// <summary>A folder or file name a key may hold: letters, digits, '-', '_', '.', not starting with '.'.</summary>
    public static bool IsSafeSegment(string value) =>
        value is { Length: > 0 and <= 100 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && !value.StartsWith('.');
}
