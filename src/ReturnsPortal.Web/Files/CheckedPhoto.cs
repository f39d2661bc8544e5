namespace ReturnsPortal.Web.Files;

/// <summary>A posted photo whose bytes were recognised as an image.</summary>
public sealed record CheckedPhoto(IFormFile File, string ContentType)
{
    public string Extension => ContentType[(ContentType.IndexOf('/', StringComparison.Ordinal) + 1)..];
}

/// <summary>A received photo re-encoded without metadata (ADR 0126), not stored yet.</summary>
public sealed record CleanPhoto(byte[] Bytes, string ContentType, string FileName)
{
    public string Extension => ContentType[(ContentType.IndexOf('/', StringComparison.Ordinal) + 1)..];
}
