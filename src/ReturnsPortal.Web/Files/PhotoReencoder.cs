using SkiaSharp;

namespace ReturnsPortal.Web.Files;

/// <summary>
/// Re-encodes a received photo (ADR 0126): decoded with SkiaSharp, turned upright by its EXIF orientation, scaled down
/// to <see cref="PhotoOptions.MaxLongSide"/> if larger, and encoded again in its own format. Only pixels survive:
/// EXIF (GPS position, camera, date), XMP, ICC comments and anything hidden after the image are dropped.
/// </summary>
public static class PhotoReencoder
{
    /// <summary>The clean photo, or null when the bytes do not decode as the image their signature claims.</summary>
    public static byte[]? Reencode(ReadOnlySpan<byte> original, string contentType, PhotoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var format = contentType switch
        {
            "image/jpeg" => SKEncodedImageFormat.Jpeg,
            "image/png" => SKEncodedImageFormat.Png,
            "image/webp" => SKEncodedImageFormat.Webp,
            _ => (SKEncodedImageFormat?)null,
        };
        if (format is null)
        {
            return null;
        }
        using var data = SKData.CreateCopy(original);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.EncodedFormat != format)
        {
            return null;
        }
        using var decoded = SKBitmap.Decode(codec);
        if (decoded is null)
        {
            return null;
        }
        using var upright = Orient(decoded, codec.EncodedOrigin);
        using var sized = Scale(upright, options.MaxLongSide);
        using var image = SKImage.FromBitmap(sized);
        // PNG is lossless whatever the quality; WebP and JPEG take the setting.
        using var encoded = image.Encode(format.Value, options.JpegQuality);
        return encoded?.ToArray();
    }

    /// <summary>The bitmap as it should be seen: EXIF orientations 2–8 rotate and/or mirror it (1 is already upright).</summary>
    private static SKBitmap Orient(SKBitmap source, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or SKEncodedOrigin.Default)
        {
            return source.Copy();
        }
        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (w, h) = swap ? (source.Height, source.Width) : (source.Width, source.Height);
        var result = new SKBitmap(new SKImageInfo(w, h, source.ColorType, source.AlphaType, source.ColorSpace));
        using var canvas = new SKCanvas(result);
        switch (origin)
        {
            case SKEncodedOrigin.TopRight: // mirrored horizontally
                canvas.Scale(-1, 1, w / 2f, 0);
                break;
            case SKEncodedOrigin.BottomRight: // rotated 180°
                canvas.RotateDegrees(180, w / 2f, h / 2f);
                break;
            case SKEncodedOrigin.BottomLeft: // mirrored vertically
                canvas.Scale(1, -1, 0, h / 2f);
                break;
            case SKEncodedOrigin.LeftTop: // mirrored along the top-left diagonal
                canvas.RotateDegrees(90);
                canvas.Scale(1, -1);
                break;
            case SKEncodedOrigin.RightTop: // rotated 90° clockwise
                canvas.Translate(w, 0);
                canvas.RotateDegrees(90);
                break;
            case SKEncodedOrigin.RightBottom: // mirrored along the top-right diagonal
                canvas.Translate(w, h);
                canvas.RotateDegrees(90);
                canvas.Scale(-1, 1);
                break;
            case SKEncodedOrigin.LeftBottom: // rotated 90° counter-clockwise
                canvas.Translate(0, h);
                canvas.RotateDegrees(270);
                break;
        }
        using var image = SKImage.FromBitmap(source);
        canvas.DrawImage(image, 0, 0, SKSamplingOptions.Default);
        return result;
    }

    /// <summary>The bitmap itself (a copy) when its long side fits; otherwise scaled down proportionally to fit.</summary>
    private static SKBitmap Scale(SKBitmap source, int maxLongSide)
    {
        var longSide = Math.Max(source.Width, source.Height);
        if (longSide <= maxLongSide)
        {
            return source.Copy();
        }
        var ratio = (double)maxLongSide / longSide;
        var info = new SKImageInfo(
            Math.Max(1, (int)Math.Round(source.Width * ratio)), Math.Max(1, (int)Math.Round(source.Height * ratio)), source.ColorType, source.AlphaType, source.ColorSpace);
        return source.Resize(info, new SKSamplingOptions(SKCubicResampler.Mitchell)) ?? throw new InvalidOperationException("The photo could not be scaled.");
    }
}
