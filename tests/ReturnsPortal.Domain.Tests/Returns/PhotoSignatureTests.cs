using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Tests.Returns;

public sealed class PhotoSignatureTests
{
    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10 }, "image/jpeg")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0 }, "image/png")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50 }, "image/webp")]
    public void Images_are_recognised_by_their_first_bytes(byte[] head, string type) =>
        PhotoSignature.Detect(head).ShouldBe(type);

    [Theory]
    [InlineData("Ceci est un fichier texte renommé en .jpg")]
    [InlineData("RIFF1234WAVE")]
    [InlineData("")]
    public void Anything_else_is_refused(string text) =>
        PhotoSignature.Detect(System.Text.Encoding.UTF8.GetBytes(text)).ShouldBeNull();
}
