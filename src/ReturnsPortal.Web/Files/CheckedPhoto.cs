namespace ReturnsPortal.Web.Files;

/// <summary>A posted photo whose bytes were recognised as an image.</summary>
public sealed record CheckedPhoto(IFormFile File, string ContentType)
{
    public string Extension => ContentType[(ContentType.IndexOf('/', StringComparison.Ordinal) + 1)..];
}
