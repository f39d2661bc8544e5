namespace ReturnsPortal.Domain.Returns;

/// <summary>Recognises an image by its first bytes, never by its name or the browser's content type.</summary>
public static class PhotoSignature
{
    public const int BytesNeeded = 12;

    /// <summary>"image/jpeg", "image/png" or "image/webp"; null for anything else (a text file renamed .jpg included).</summary>
    public static string? Detect(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return "image/jpeg";
        }
        if (head.Length >= 8 && head[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            return "image/png";
        }
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }
        return null;
    }
}
