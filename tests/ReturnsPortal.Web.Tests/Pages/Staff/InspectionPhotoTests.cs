using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Staff;

public sealed class InspectionPhotoTests_Sqlite(SqlitePortalFactory factory) : InspectionPhotoTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class InspectionPhotoTests_Postgres(PostgresPortalFactory factory) : InspectionPhotoTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>Photos taken at inspection, per line: checked by their bytes, shown as thumbnails, served to staff only.</summary>
public abstract class InspectionPhotoTests(PortalFactory factory)
{
    private static readonly byte[] Png =
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89,
    ];

    private Task<T> ReadAsync<T>(Func<ReturnsDbContext, Task<T>> read) =>
        factory.WithScopeAsync(sp => read(sp.GetRequiredService<ReturnsDbContext>()));

    private Task<string> InTransitAsync(int skip) => ReadAsync(db => db.Returns.Where(r => r.Status == ReturnStatus.InTransit)
        .OrderBy(r => r.Id).Skip(skip).Select(r => r.Rma).FirstAsync());

    private Task<List<InspectionPhoto>> PhotosAsync(string rma) => ReadAsync(db => db.ReturnLines
        .Where(l => db.Returns.Any(r => r.Rma == rma && r.Id == l.ReturnRequestId)).SelectMany(l => l.InspectionPhotos).ToListAsync());

    /// <summary>Receives the first line only (the others missing) and opens its inspection page.</summary>
    private static async Task<IHtmlDocument> ReceivedAsync(HttpClient client, string rma)
    {
        var page = await client.GetDocumentAsync($"/staff/returns/{rma}");
        var values = new Dictionary<string, string>();
        for (var i = 1; i < page.QuerySelectorAll("#receive-form fieldset").Length; i++)
        {
            values[$"Form.Lines[{i}].Outcome"] = "Missing";
            values[$"Form.Lines[{i}].Quantity"] = "0";
        }
        using var response = await client.SubmitAsync(page, "#receive-form", values);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return await client.GetDocumentAsync($"/staff/returns/{rma}/inspect");
    }

    private static Dictionary<string, string> Answers() => new()
    {
        ["Form.Grade"] = "C",
        ["Form.Serial"] = "NotApplicable",
        ["Form.Required[tags_attached]"] = "true",
        ["Form.Notes"] = "Rayure sur la face avant",
    };

    [Fact]
    public async Task A_photo_of_a_damaged_line_is_kept_shown_on_both_pages_noted_in_the_audit_trail_and_served_to_staff_only()
    {
        var client = await factory.SignedInAsync("inspector@example.fr");
        var rma = await InTransitAsync(0);
        var inspect = await ReceivedAsync(client, rma);

        using var saved = await client.SubmitMultipartAsync(inspect, "#inspect-form", Answers(),
            [new UploadFile("InspectionPhotos", "rayure.png", Png, "application/octet-stream")]);

        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var photo = (await PhotosAsync(rma)).ShouldHaveSingleItem();
        photo.ContentType.ShouldBe("image/png", "recognised from the bytes, not the browser's type");
        var url = $"/staff/photos/inspection/{photo.Id}";
        var detail = await client.GetDocumentAsync($"/staff/returns/{rma}");
        detail.QuerySelector($".inspection-photos img[src='{url}']").ShouldNotBeNull();
        detail.QuerySelector($".inspection-photos img[src='{url}']")!.GetAttribute("alt").ShouldBe("Photo d'inspection 1");
        var note = await ReadAsync(db => db.ReturnHistory
            .Where(h => h.To == ReturnStatus.Inspected && db.Returns.Any(r => r.Rma == rma && r.Id == h.ReturnRequestId))
            .Select(h => h.Note).SingleAsync());
        note.ShouldBe("Inspection photos: 1");

        using var served = await client.GetAsync(new Uri(url, UriKind.Relative));
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
        served.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await served.Content.ReadAsByteArrayAsync()).ShouldBe(Png);
        using var anonymous = await factory.CreateBrowserLikeClient().GetAsync(new Uri(url, UriKind.Relative));
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        anonymous.Headers.Location!.AbsolutePath.ShouldBe("/account/login");
        var customer = factory.CreateBrowserLikeClient();
        var find = await customer.GetDocumentAsync("/returns");
        using (var opened = await customer.SubmitAsync(find, "main form", new Dictionary<string, string>
        {
            ["Form.OrderNumber"] = "DEMO-1001",
            ["Form.Email"] = "client@example.fr",
        }))
        {
            opened.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        using var asCustomer = await customer.GetAsync(new Uri(url, UriKind.Relative));
        asCustomer.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        asCustomer.Headers.Location!.AbsolutePath.ShouldBe("/account/login");
    }

    [Fact]
    public async Task The_inspection_page_shows_the_line_thumbnails_while_the_return_is_inspected()
    {
        var client = await factory.SignedInAsync("inspector@example.fr");
        var rma = await InTransitAsync(1);
        var inspect = await ReceivedAsync(client, rma);
        var lineId = inspect.QuerySelector<IHtmlInputElement>("input[name='Form.LineId']")!.Value;
        // Another line stays to inspect only if there are several: re-opening the same line is enough to see its photos.
        await ReadAsync(async db =>
        {
            var request = await db.Returns.ForWarehouse().SingleAsync(r => r.Rma == rma);
            var line = request.Lines.Single(l => l.Id == int.Parse(lineId, System.Globalization.CultureInfo.InvariantCulture));
            line.InspectionPhotos.Add(new InspectionPhoto("inspections/none.png", "image/png", "a.png", 10));
            return await db.SaveChangesAsync();
        });

        var page = await client.GetDocumentAsync($"/staff/returns/{rma}/inspect?line={lineId}");

        page.QuerySelectorAll("#inspection-photos .inspection-photos img").Length.ShouldBe(1);
    }

    [Fact]
    public async Task A_text_file_named_like_a_photo_is_refused_with_a_message_nothing_is_saved_and_the_answers_stay()
    {
        var client = await factory.SignedInAsync("inspector@example.fr");
        var rma = await InTransitAsync(2);
        var inspect = await ReceivedAsync(client, rma);

        using var refused = await client.SubmitMultipartAsync(inspect, "#inspect-form", Answers(),
            [new UploadFile("InspectionPhotos", "photo.jpg", "pas une image, juste du texte"u8.ToArray(), "image/jpeg")]);

        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await refused.ReadDocumentAsync();
        page.QuerySelector("#inspection-photos")!.Text().ShouldContain("Seules les photos JPEG, PNG ou WebP sont acceptées.");
        page.QuerySelector("#error-summary")!.Text().ShouldContain("Seules les photos JPEG, PNG ou WebP sont acceptées.");
        page.QuerySelector<IHtmlInputElement>("#grade-C")!.IsChecked.ShouldBeTrue("the grade chosen is not lost");
        page.QuerySelector<IHtmlInputElement>("#serial-NotApplicable")!.IsChecked.ShouldBeTrue();
        page.QuerySelector<IHtmlTextAreaElement>("#Form_Notes")!.Value.ShouldBe("Rayure sur la face avant");
        (await PhotosAsync(rma)).ShouldBeEmpty();
        (await ReadAsync(db => db.ReturnLines.Where(l => db.Returns.Any(r => r.Rma == rma && r.Id == l.ReturnRequestId))
            .AllAsync(l => l.Grade == null))).ShouldBeTrue("nothing of the inspection is saved");
    }

    [Fact]
    public async Task More_than_five_photos_on_a_line_are_refused()
    {
        var client = await factory.SignedInAsync("manager@example.fr");
        var rma = await InTransitAsync(3);
        var inspect = await ReceivedAsync(client, rma);

        using var refused = await client.SubmitMultipartAsync(inspect, "#inspect-form", Answers(),
            Enumerable.Range(1, InspectionPhoto.MaxPerLine + 1).Select(i => new UploadFile("InspectionPhotos", $"p{i}.png", Png, "image/png")));

        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.ReadDocumentAsync()).QuerySelector("#inspection-photos")!.Text().ShouldContain("5 photos au maximum par ligne.");
        (await PhotosAsync(rma)).ShouldBeEmpty();
    }
}
