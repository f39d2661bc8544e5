using QRCoder;
using ZXing.OneD;

namespace ReturnsPortal.Web.Labels;

/// <summary>
/// What the codes on a label carry (docs/decisions/0012-label-payload.md): the Code 128 barcode holds the RMA as
/// printed; the QR code holds "RP1:" + the RMA, a versioned prefix the warehouse scanner recognises.
/// </summary>
public static class LabelCodes
{
    public const string QrPrefix = "RP1:";

    public static string QrPayload(string rma) => QrPrefix + rma;

    /// <summary>The RMA in a scanned QR payload, or null when it is not one of ours.</summary>
    public static string? RmaFromQrPayload(string? payload) =>
        payload is not null && payload.StartsWith(QrPrefix, StringComparison.Ordinal)
            ? Domain.Returns.RmaNumber.Normalise(payload[QrPrefix.Length..])
            : null;

    /// <summary>
    /// The QR code as a PNG with opaque black on white: PDFsharp rejects the default 1-bit and transparent PNGs.
    /// </summary>
    public static byte[] QrPng(string rma, int pixelsPerModule = 10)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(QrPayload(rma), QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule, [0, 0, 0, 255], [255, 255, 255, 255]);
    }

    /// <summary>The Code 128 modules of <paramref name="text"/> (true = black), quiet zone not included.</summary>
    public static bool[] Code128Modules(string text) => new Code128Writer().encode(text);
}
