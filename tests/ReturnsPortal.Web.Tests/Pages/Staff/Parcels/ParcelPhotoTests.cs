using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Staff.Parcels;

public sealed class ParcelPhotoTests_Sqlite(SqlitePortalFactory factory) : ParcelPhotoTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class ParcelPhotoTests_Postgres(PostgresPortalFactory factory) : ParcelPhotoTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>The same uploads with the photos kept in the database, as several instances run (<c>Files:Store=Database</c>, ADR 0109).</summary>
public sealed class ParcelPhotoTests_PostgresDatabaseFiles(PostgresDatabaseFilesPortalFactory factory)
    : ParcelPhotoTests(factory), IClassFixture<PostgresDatabaseFilesPortalFactory>;

/// <summary>Photos of unidentified parcels: checked by their bytes, shown as thumbnails, served to staff only.</summary>
public abstract class ParcelPhotoTests(PortalFactory factory)
{
    private static readonly byte[] Png =
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89,
    ];

    private Task<T> ReadAsync<T>(Func<ReturnsDbContext, Task<T>> read) =>
        factory.WithScopeAsync(sp => read(sp.GetRequiredService<ReturnsDbContext>()));

    private static async Task<AngleSharp.Html.Dom.IHtmlDocument> ParcelFormAsync(HttpClient client, string tracking)
    {
        var receive = await client.GetDocumentAsync("/staff/receive");
        using var unknown = await client.SubmitAsync(receive, "#scan-form", new Dictionary<string, string> { ["Scan"] = tracking });
        unknown.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await unknown.ReadDocumentAsync();
    }

    [Fact]
    public async Task A_parcel_photo_is_stored_shown_as_a_thumbnail_and_served_to_staff_only()
    {
        var client = await factory.SignedInAsync("inspector@example.fr");
        var tracking = "PH" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var page = await ParcelFormAsync(client, tracking);

        using var registered = await client.SubmitMultipartAsync(page, "#parcel-form",
            new Dictionary<string, string> { ["Parcel.SenderName"] = "Colis photo" },
            [new UploadFile("ParcelPhotos", "carton.png", Png, "application/octet-stream")]);

        registered.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var photo = await ReadAsync(db => db.UnidentifiedParcels.Where(p => p.CarrierTrackingNumber == tracking)
            .SelectMany(p => p.Photos).Select(p => new { p.Id, p.ContentType }).SingleAsync());
        photo.ContentType.ShouldBe("image/png", "recognised from the bytes, not the browser's type");
        var queue = await client.GetDocumentAsync("/staff/parcels");
        queue.QuerySelector($".parcel-photos img[src='/staff/photos/parcel/{photo.Id}']").ShouldNotBeNull();

        using var served = await client.GetAsync(new Uri($"/staff/photos/parcel/{photo.Id}", UriKind.Relative));
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
        served.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await served.Content.ReadAsByteArrayAsync()).ShouldBe(Png);

        using var anonymous = await factory.CreateBrowserLikeClient().GetAsync(new Uri($"/staff/photos/parcel/{photo.Id}", UriKind.Relative));
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        anonymous.Headers.Location!.AbsolutePath.ShouldBe("/account/login");
    }

    [Fact]
    public async Task A_text_file_named_like_a_photo_is_refused_and_nothing_is_saved()
    {
        var client = await factory.SignedInAsync("inspector@example.fr");
        var tracking = "TX" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var page = await ParcelFormAsync(client, tracking);

        using var refused = await client.SubmitMultipartAsync(page, "#parcel-form",
            new Dictionary<string, string> { ["Parcel.SenderName"] = "Colis texte" },
            [new UploadFile("ParcelPhotos", "photo.jpg", "pas une image, juste du texte"u8.ToArray(), "image/jpeg")]);

        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.ReadDocumentAsync()).QuerySelector("#parcel-form").Text().ShouldContain("Seules les photos JPEG, PNG ou WebP sont acceptées.");
        (await ReadAsync(db => db.UnidentifiedParcels.CountAsync(p => p.CarrierTrackingNumber == tracking))).ShouldBe(0);
    }

    [Fact]
    public async Task More_than_five_photos_are_refused()
    {
        var client = await factory.SignedInAsync("agent@example.fr");
        var tracking = "MX" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var page = await ParcelFormAsync(client, tracking);

        using var refused = await client.SubmitMultipartAsync(page, "#parcel-form",
            new Dictionary<string, string> { ["Parcel.SenderName"] = "Colis bavard" },
            Enumerable.Range(1, ParcelPhoto.MaxPerParcel + 1).Select(i => new UploadFile("ParcelPhotos", $"p{i}.png", Png, "image/png")));

        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.ReadDocumentAsync()).QuerySelector("#parcel-form").Text().ShouldContain("5 photos au maximum par colis.");
        (await ReadAsync(db => db.UnidentifiedParcels.CountAsync(p => p.CarrierTrackingNumber == tracking))).ShouldBe(0);
    }
}
