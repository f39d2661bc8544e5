using System.Text;
using ReturnsPortal.Web.Files;
using ReturnsPortal.Web.Tests.Security;
using SkiaSharp;

namespace ReturnsPortal.Web.Tests.Files;

/// <summary>What re-encoding keeps of a photo (ADR 0126): its pixels upright, its format, its size up to the maximum.</summary>
public sealed class PhotoReencoderTests
{
    private static readonly PhotoOptions Options = new();

    private static SKBitmap Decode(byte[] bytes, SKEncodedImageFormat format)
    {
        using var codec = SKCodec.Create(new MemoryStream(bytes));
        codec.EncodedFormat.ShouldBe(format);
        codec.EncodedOrigin.ShouldBe(SKEncodedOrigin.TopLeft, "no orientation left to apply");
        return SKBitmap.Decode(codec);
    }

    private static byte[] Encoded(int width, int height, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.SeaGreen);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    [Theory]
    [InlineData((ushort)1, 64, 48, 5, 5)]
    [InlineData((ushort)3, 64, 48, 58, 42)]
    [InlineData((ushort)6, 48, 64, 42, 5)]
    [InlineData((ushort)8, 48, 64, 5, 58)]
    public void The_exif_orientation_is_applied_to_the_pixels_before_the_metadata_goes(ushort orientation, int width, int height, int redX, int redY)
    {
        var jpeg = AsvsV5FileHandlingTests.JpegWithExif(64, 48, orientation);

        var clean = PhotoReencoder.Reencode(jpeg, "image/jpeg", Options)!;

        Encoding.ASCII.GetString(clean).ShouldNotContain("Exif");
        using var bitmap = Decode(clean, SKEncodedImageFormat.Jpeg);
        (bitmap.Width, bitmap.Height).ShouldBe((width, height));
        // The red square of the top-left corner as the camera held it.
        var pixel = bitmap.GetPixel(redX, redY);
        (pixel.Red > 180 && pixel.Green < 90 && pixel.Blue < 90).ShouldBeTrue($"pixel ({redX},{redY}) is {pixel}");
    }

    [Fact]
    public void A_photo_larger_than_the_maximum_is_scaled_down_proportionally_and_a_smaller_one_keeps_its_size()
    {
        using (var big = Decode(PhotoReencoder.Reencode(Encoded(3000, 2000, SKEncodedImageFormat.Jpeg), "image/jpeg", Options)!, SKEncodedImageFormat.Jpeg))
        {
            (big.Width, big.Height).ShouldBe((2560, 1707));
        }
        using var small = Decode(PhotoReencoder.Reencode(Encoded(300, 200, SKEncodedImageFormat.Jpeg), "image/jpeg", Options)!, SKEncodedImageFormat.Jpeg);
        (small.Width, small.Height).ShouldBe((300, 200));
    }

    [Theory]
    [InlineData("image/png", SKEncodedImageFormat.Png)]
    [InlineData("image/webp", SKEncodedImageFormat.Webp)]
    public void Png_and_webp_stay_in_their_format(string contentType, SKEncodedImageFormat format)
    {
        using var bitmap = Decode(PhotoReencoder.Reencode(Encoded(40, 30, format), contentType, Options)!, format);
        (bitmap.Width, bitmap.Height).ShouldBe((40, 30));
    }

    [Fact]
    public void Bytes_that_do_not_decode_as_the_claimed_format_are_refused()
    {
        PhotoReencoder.Reencode([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3], "image/jpeg", Options).ShouldBeNull();
        PhotoReencoder.Reencode(Encoded(10, 10, SKEncodedImageFormat.Png), "image/jpeg", Options).ShouldBeNull("a PNG is not the JPEG it claims to be");
    }
}
