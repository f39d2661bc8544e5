using PdfSharp.Drawing;
using PdfSharp.Drawing.Layout;
using PdfSharp.Pdf;
using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Domain.Logistics;

namespace ReturnsPortal.Web.Labels;

/// <summary>
/// The return label: an A6 PDF with the RMA in large type, as a Code 128 barcode and as a QR code, the sender and the
/// warehouse addresses, and what to do with the parcel. Texts follow the current UI culture.
/// </summary>
public sealed class ReturnLabelPdf(ReturnsDbContext db, IStringLocalizer<SharedResource> l)
{
    /// <summary>0.375 mm per module suits 203 dpi label printers; 10 modules of quiet zone each side.</summary>
    public const double ModuleMillimetres = 0.375;
    public const int QuietZoneModules = 10;

    private static readonly XUnit Width = XUnit.FromMillimeter(105);
    private static readonly XUnit Height = XUnit.FromMillimeter(148);

    /// <summary>What a label shows, read with one projection.</summary>
    public sealed record Data(
        string Rma, int OrderId, string SenderName, PostalAddress? SenderAddress, string SenderPostcode,
        string WarehouseName, PostalAddress WarehouseAddress, ReturnMethod Method,
        string? DropOffName, PostalAddress? DropOffAddress, string? DropOffHours, int LineCount, int ItemCount);

    public async Task<Data?> LoadAsync(string rma, CancellationToken ct)
    {
        // The parcel goes to the return's routed warehouse (ADR 0083).
        var routed = await db.Returns.AsNoTracking().Where(r => r.Rma == rma).Select(r => r.WarehouseId).FirstOrDefaultAsync(ct);
        var warehouse = await WarehouseRouting.ForReturn(db, routed)
            .Select(w => new { w.Name, w.Address }).FirstOrDefaultAsync(ct);
        if (warehouse is null)
        {
            return null;
        }
        return await db.Returns.AsNoTracking()
            .Where(r => r.Rma == rma)
            .Select(r => new Data(
                r.Rma,
                r.OrderId,
                r.Order!.CustomerName,
                r.Order.Customer == null ? null : r.Order.Customer.Address,
                r.Order.Postcode,
                warehouse.Name,
                warehouse.Address,
                r.Method,
                db.DropOffPoints.Where(p => p.Id == r.DropOffPointId).Select(p => p.Name).FirstOrDefault(),
                db.DropOffPoints.Where(p => p.Id == r.DropOffPointId).Select(p => p.Address).FirstOrDefault(),
                db.DropOffPoints.Where(p => p.Id == r.DropOffPointId).Select(p => p.OpeningHours).FirstOrDefault(),
                r.Lines.Count,
                r.Lines.Sum(x => x.Quantity)))
            .SingleOrDefaultAsync(ct);
    }

    public byte[] Render(Data label)
    {
        ArgumentNullException.ThrowIfNull(label);
        return OnePagePdf.Render($"{l["Label.Title"]} {label.Rma}", Width, Height, (gfx, _) => Draw(gfx, label));
    }

    private void Draw(XGraphics gfx, Data label)
    {
        var small = new XFont(LabelFonts.Family, 7);
        var normal = new XFont(LabelFonts.Family, 8);
        var bold = new XFont(LabelFonts.Family, 8, XFontStyleEx.Bold);
        var heading = new XFont(LabelFonts.Family, 22, XFontStyleEx.Bold);
        var text = new XTextFormatter(gfx);
        var margin = Mm(7);
        var inner = Width.Point - (2 * margin);

        gfx.DrawString(l["Label.Title"], bold, XBrushes.Black, new XRect(margin, Mm(6), inner, Mm(4)), XStringFormats.TopLeft);
        gfx.DrawString(label.Rma, heading, XBrushes.Black, new XRect(margin, Mm(10), inner, Mm(10)), XStringFormats.TopCenter);

        var barcodeBottom = DrawCode128(gfx, label.Rma, Mm(21), Mm(14));
        gfx.DrawString(label.Rma, small, XBrushes.Black, new XRect(margin, barcodeBottom + Mm(1), inner, Mm(3)), XStringFormats.TopCenter);

        // QR code on the left, parcel facts on the right.
        var qrTop = barcodeBottom + Mm(6);
        var qrSize = Mm(30);
        using (var qr = XImage.FromStream(new MemoryStream(LabelCodes.QrPng(label.Rma))))
        {
            gfx.DrawImage(qr, margin, qrTop, qrSize, qrSize);
        }
        var factsLeft = margin + qrSize + Mm(4);
        var facts = new XRect(factsLeft, qrTop, Width.Point - margin - factsLeft, qrSize);
        text.DrawString(
            $"{l["Label.ItemsOnLines", Plural.Format(l, "Label.Items", label.ItemCount), Plural.Format(l, "Label.Lines", label.LineCount)]}\n{l["Label.ScanHint"]}",
            normal, XBrushes.Black, facts, XStringFormats.TopLeft);

        // To (the warehouse) in bold: it is what the carrier reads; from (the customer) below it.
        var top = qrTop + qrSize + Mm(4);
        gfx.DrawString(l["Label.To"], bold, XBrushes.Black, new XRect(margin, top, inner, Mm(4)), XStringFormats.TopLeft);
        var to = new XRect(margin, top + Mm(4), inner, Mm(16));
        text.DrawString($"{label.WarehouseName}\n{Address(label.WarehouseAddress)}", bold, XBrushes.Black, to, XStringFormats.TopLeft);
        top += Mm(20);
        gfx.DrawString(l["Label.From"], bold, XBrushes.Black, new XRect(margin, top, inner, Mm(4)), XStringFormats.TopLeft);
        var sender = label.SenderAddress is { } address ? Address(address) : label.SenderPostcode;
        text.DrawString($"{label.SenderName}\n{sender}", normal, XBrushes.Black, new XRect(margin, top + Mm(4), inner, Mm(16)), XStringFormats.TopLeft);
        top += Mm(20);

        gfx.DrawLine(XPens.Black, margin, top, Width.Point - margin, top);
        top += Mm(2);
        gfx.DrawString(l["Label.Instructions"], bold, XBrushes.Black, new XRect(margin, top, inner, Mm(4)), XStringFormats.TopLeft);
        text.DrawString(Instructions(label), normal, XBrushes.Black,
            new XRect(margin, top + Mm(4), inner, Height.Point - top - Mm(10)), XStringFormats.TopLeft);
    }

    private string Instructions(Data label) => label.Method switch
    {
        ReturnMethod.DropOff when label.DropOffName is not null =>
            $"{l["Label.DropOff"]}\n{label.DropOffName}\n{(label.DropOffAddress is { } a ? Address(a) : "")}\n{label.DropOffHours}",
        ReturnMethod.DropOff => l["Label.DropOff"],
        ReturnMethod.Pickup => l["Label.Pickup"],
        _ => l["Label.InStore"],
    };

    /// <summary>Draws the Code 128 barcode centred across the page; returns its bottom edge.</summary>
    private static double DrawCode128(XGraphics gfx, string text, double top, double height)
    {
        var modules = LabelCodes.Code128Modules(text);
        var module = Mm(ModuleMillimetres);
        var total = (modules.Length + (2 * QuietZoneModules)) * module;
        var left = ((Width.Point - total) / 2) + (QuietZoneModules * module);
        // Runs of black modules as single rectangles: no hairline gaps between neighbouring bars.
        for (var i = 0; i < modules.Length; i++)
        {
            if (!modules[i])
            {
                continue;
            }
            var start = i;
            while (i + 1 < modules.Length && modules[i + 1])
            {
                i++;
            }
            gfx.DrawRectangle(XBrushes.Black, left + (start * module), top, (i - start + 1) * module, height);
        }
        return top + height;
    }

    internal static string Address(PostalAddress address) =>
        string.Join('\n', new[] { address.Line1, address.Line2, $"{address.Postcode} {address.City}" }.Where(s => !string.IsNullOrWhiteSpace(s)));

    private static double Mm(double millimetres) => XUnit.FromMillimeter(millimetres).Point;
}
