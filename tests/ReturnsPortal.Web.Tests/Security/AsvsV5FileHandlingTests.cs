using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Files;
using ReturnsPortal.Web.Hosting;
using ReturnsPortal.Web.Tests.Infrastructure;
using SkiaSharp;

namespace ReturnsPortal.Web.Tests.Security;

public sealed class AsvsV5FileHandlingTests_Sqlite(SqlitePortalFactory factory) : AsvsV5FileHandlingTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class AsvsV5FileHandlingTests_Postgres(PostgresPortalFactory factory) : AsvsV5FileHandlingTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>
/// OWASP ASVS 5.0 chapter V5 (File Handling), for the customers' photos (ADR 0126): re-encoded on receipt without their
/// metadata, bounded per return, and never left behind when removed or refused. The quota tests lower the quota of
/// this class's own portal for their duration (the tests of a class run one after the other).
/// </summary>
public abstract class AsvsV5FileHandlingTests(PortalFactory factory)
{
    private const string DemoKey = "demo-api-key";

    private PhotoOptions Photos => factory.Services.GetRequiredService<PhotoOptions>();

    private IFileStore Store => factory.Services.GetRequiredService<IFileStore>();

    /// <summary>V5.2.2: "validates that the contents correspond to the type … performing image re-writing": stored re-encoded, no EXIF/GPS, same size.</summary>
    [Fact]
    [Trait("ASVS", "5.0 V5.2.2")]
    public async Task A_jpeg_with_an_exif_gps_position_is_stored_re_encoded_without_metadata_at_its_own_size()
    {
        var jpeg = JpegWithExif(64, 48, orientation: 1);
        Encoding.ASCII.GetString(jpeg).ShouldContain("Exif\0\0");
        var (order, line) = await OrderAsync();

        using var created = await PostReturnAsync(order, [(line, [jpeg])]);

        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var rma = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rma").GetString();
        var key = await factory.ReadAsync(db => db.Returns.Where(r => r.Rma == rma).SelectMany(r => r.Lines).SelectMany(l => l.Photos).Select(p => p.FileKey).SingleAsync());
        var stored = (await Store.ReadManyAsync([key], CancellationToken.None))[key];
        var text = Encoding.ASCII.GetString(stored);
        text.ShouldNotContain("Exif");
        stored.AsSpan().IndexOf([(byte)0xFF, (byte)0xE1]).ShouldBe(-1, "no APP1 (EXIF/XMP) segment");
        using var codec = SKCodec.Create(new MemoryStream(stored));
        (codec.EncodedFormat, codec.Info.Width, codec.Info.Height).ShouldBe((SKEncodedImageFormat.Jpeg, 64, 48));
    }

    /// <summary>V5.2.2: the contents must be the type they claim: a JPEG signature on bytes that do not decode is refused, nothing stored.</summary>
    [Fact]
    [Trait("ASVS", "5.0 V5.2.2")]
    public async Task Bytes_that_only_start_like_a_jpeg_are_refused_before_anything_is_stored()
    {
        var (order, line) = await OrderAsync();
        byte[] fake = [0xFF, 0xD8, 0xFF, 0xE0, .. "<?php system($_GET['c']); ?> not a picture"u8];
        var before = await FilesOfApiRequestsAsync();

        using var refused = await PostReturnAsync(order, [(line, [PngOf(8, 8), fake])]);

        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("lines[0].photos[1]");
        (await FilesOfApiRequestsAsync()).ShouldBe(before);
        (await factory.ReadAsync(db => db.Returns.CountAsync(r => r.OrderId == order.Id))).ShouldBe(0);
    }

    /// <summary>V5.2.4: "a file size quota and maximum number of files per user": over the return's quota the API answers 422 and stores nothing.</summary>
    [Fact]
    [Trait("ASVS", "5.0 V5.2.4")]
    public async Task Over_the_return_quota_the_api_refuses_the_request_and_the_wizard_says_why()
    {
        var (order, line) = await OrderAsync();
        var before = await FilesOfApiRequestsAsync();
        var max = Photos.MaxPerReturn;
        Photos.MaxPerReturn = 2;
        try
        {
            using (var refused = await PostReturnAsync(order, [(line, [PngOf(4, 4), PngOf(4, 4), PngOf(4, 4)])]))
            {
                refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
                (await refused.Content.ReadAsStringAsync()).ShouldContain("Un retour contient au plus 2 photos");
            }
            (await FilesOfApiRequestsAsync()).ShouldBe(before);

            var (client, reason) = await ReasonStepAsync(order);
            using var page = await client.SubmitMultipartAsync(reason, "#reason-form", await ReasonValuesAsync(),
                [.. Enumerable.Range(0, 3).Select(i => new UploadFile($"Photos_{line}", $"p{i}.png", PngOf(4, 4), "image/png"))]);
            page.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await page.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("Un retour contient au plus 2 photos");
            (await FilesOfDraftAsync(order.Id)).ShouldBe(0);
        }
        finally
        {
            Photos.MaxPerReturn = max;
        }
    }

    /// <summary>V5.2.4: storage cannot be filled through the wizard: a removed photo's file is deleted, so add-and-remove loops leave nothing behind.</summary>
    [Fact]
    [Trait("ASVS", "5.0 V5.2.4")]
    public async Task Adding_and_removing_a_photo_again_and_again_leaves_no_file_behind()
    {
        var (order, line) = await OrderAsync();
        var (client, reason) = await ReasonStepAsync(order);
        for (var i = 0; i < 4; i++)
        {
            using (var added = await client.SubmitMultipartAsync(reason, "#reason-form", await ReasonValuesAsync(), [new UploadFile($"Photos_{line}", "p.png", PngOf(6, 6), "image/png")]))
            {
                added.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            }
            reason = await client.GetDocumentAsync("/returns/start/reason");
            var key = reason.QuerySelector<IHtmlInputElement>("input[name='Lines[0].RemovePhotos']")!.Value;
            (await FilesOfDraftAsync(order.Id)).ShouldBe(1);
            using (var removed = await client.SubmitMultipartAsync(reason, "#reason-form", new Dictionary<string, string>(await ReasonValuesAsync()) { ["Lines[0].RemovePhotos"] = key }, []))
            {
                removed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            }
            reason = await client.GetDocumentAsync("/returns/start/reason");
        }
        (await FilesOfDraftAsync(order.Id)).ShouldBe(0);

        // The retention job's way out for an abandoned draft: every file of its folder.
        using (var added = await client.SubmitMultipartAsync(reason, "#reason-form", await ReasonValuesAsync(), [new UploadFile($"Photos_{line}", "p.png", PngOf(6, 6), "image/png")]))
        {
            added.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        var draft = await factory.ReadAsync(db => db.ReturnDrafts.Where(d => d.OrderId == order.Id).Select(d => d.Id).SingleAsync());
        (await PhotoUploads.DeleteDraftFilesAsync(Store, draft, CancellationToken.None)).ShouldBe(1);
        (await FilesOfDraftAsync(order.Id)).ShouldBe(0);
    }

    private async Task<(Order Order, int Line)> OrderAsync()
    {
        var order = await TestReturns.NewOrderAsync(factory);
        return await factory.ReadAsync(async db =>
        {
            var saved = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Id == order.Id);
            return (saved, saved.Lines.Single().Id);
        });
    }

    private async Task<HttpResponseMessage> PostReturnAsync(Order order, IReadOnlyList<(int Line, byte[][] Photos)> lines)
    {
        var reason = await factory.ReadAsync(db => db.Reasons.Where(r => r.IsActive && !r.IsDefect).OrderBy(r => r.Id).Select(r => r.Code).FirstAsync());
        var body = new
        {
            orderNumber = order.Number,
            email = order.Email,
            lines = lines.Select(l => new
            {
                lineId = l.Line,
                quantity = 1,
                reasonCode = reason,
                photos = l.Photos.Select((p, i) => new { fileName = $"photo{i}.jpg", contentBase64 = Convert.ToBase64String(p) }),
            }),
            resolution = "refund",
            method = "inStore",
            idempotencyKey = Guid.NewGuid().ToString(),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/returns") { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", DemoKey);
        return await factory.CreateClient().SendAsync(request);
    }

    private async Task<(HttpClient Client, IHtmlDocument Reason)> ReasonStepAsync(Order order)
    {
        var client = factory.CreateBrowserLikeClient();
        var find = await client.GetDocumentAsync("/returns");
        using (var found = await client.SubmitAsync(find, "main form", new Dictionary<string, string> { ["Form.OrderNumber"] = order.Number, ["Form.Email"] = order.Email }))
        {
            found.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        var items = await client.GetDocumentAsync("/returns/start");
        using (var chosen = await client.SubmitFormAsync(items, "#items-form", new Dictionary<string, string> { ["Lines[0].Quantity"] = "1" }))
        {
            chosen.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        return (client, await client.GetDocumentAsync("/returns/start/reason"));
    }

    private async Task<Dictionary<string, string>> ReasonValuesAsync() => new()
    {
        ["Lines[0].ReasonId"] = (await factory.ReadAsync(db => db.Reasons.Where(r => r.IsActive && !r.IsDefect).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync()))
            .ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private async Task<int> FilesOfDraftAsync(int orderId)
    {
        var draft = await factory.ReadAsync(db => db.ReturnDrafts.Where(d => d.OrderId == orderId).Select(d => (Guid?)d.Id).SingleOrDefaultAsync());
        return draft is { } id ? (await Store.ListAsync(PhotoUploads.DraftFolder(id), CancellationToken.None)).Count : 0;
    }

    /// <summary>The API's files (one folder per request, "api-…") under the local store's uploads folder.</summary>
    private Task<int> FilesOfApiRequestsAsync()
    {
        var uploads = Path.Combine(factory.Services.GetRequiredService<PortalOptions>().DataPath, "uploads");
        return Task.FromResult(Directory.Exists(uploads)
            ? Directory.EnumerateDirectories(uploads, "api-*").Sum(d => Directory.EnumerateFiles(d).Count())
            : 0);
    }

    private static byte[] PngOf(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.CornflowerBlue);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>
    /// A JPEG of this size (white, a red square top left) with an APP1 EXIF segment written by hand right after SOI: IFD0 holds the orientation and a
    /// pointer to a GPS IFD (latitude 48°51'30" N), as a phone writes it.
    /// </summary>
    internal static byte[] JpegWithExif(int width, int height, ushort orientation)
    {
        // White, with a red square in the top-left corner: where it ends up shows how the photo was turned.
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.White);
        using (var canvas = new SKCanvas(bitmap))
        using (var red = new SKPaint { Color = SKColors.Red })
        {
            canvas.DrawRect(0, 0, 12, 12, red);
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 95);
        var jpeg = data.ToArray();

        var tiff = new byte[92];
        "II"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8);
        void Entry(int at, ushort tag, ushort type, uint count, uint value)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at), tag);
            BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at + 2), type);
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at + 4), count);
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at + 8), value);
        }
        // IFD0 at 8: orientation (SHORT) and the GPS IFD pointer (LONG); no next IFD.
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(8), 2);
        Entry(10, 0x0112, 3, 1, orientation);
        Entry(22, 0x8825, 4, 1, 38);
        // GPS IFD at 38: latitude ref "N" (ASCII, inline) and latitude (3 RATIONALs at 68).
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(38), 2);
        Entry(40, 0x0001, 2, 2, 'N');
        Entry(52, 0x0002, 5, 3, 68);
        uint[] latitude = [48, 1, 51, 1, 30, 1];
        for (var i = 0; i < latitude.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(68 + (i * 4)), latitude[i]);
        }
        var length = 2 + 6 + tiff.Length;
        byte[] app1 = [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. "Exif\0\0"u8, .. tiff];
        return [.. jpeg.AsSpan(0, 2), .. app1, .. jpeg.AsSpan(2)];
    }
}
