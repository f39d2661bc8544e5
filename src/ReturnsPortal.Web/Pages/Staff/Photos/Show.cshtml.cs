using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Web.Files;

namespace ReturnsPortal.Web.Pages.Staff.Photos;

/// <summary>
/// One photo — of an unidentified parcel (/staff/photos/parcel/{id}), of a line at inspection
/// (/staff/photos/inspection/{id}) or the customer's own of a line (/staff/photos/customer/{id}) — for staff only (the /Staff folder policy): files are never static. The stored
/// content type is the one recognised from the bytes at upload, and the browser may not sniff another. The kind is not a
/// route constraint so that an unknown kind is still behind the staff policy, then not found.
/// </summary>
public sealed class ShowModel(ReturnsDbContext db, IFileStore files) : PageModel
{
    public const string Parcel = "parcel";
    public const string Inspection = "inspection";
    public const string Customer = "customer";

    public async Task<IActionResult> OnGetAsync(string kind, int id, CancellationToken ct)
    {
        var photo = kind switch
        {
            Parcel => await db.Set<ParcelPhoto>().AsNoTracking().Where(p => p.Id == id)
                .Select(p => new Stored(p.FileKey, p.ContentType)).SingleOrDefaultAsync(ct),
            Inspection => await db.Set<InspectionPhoto>().AsNoTracking().Where(p => p.Id == id)
                .Select(p => new Stored(p.FileKey, p.ContentType)).SingleOrDefaultAsync(ct),
            Customer => await db.Set<Domain.Returns.ReturnLinePhoto>().AsNoTracking().Where(p => p.Id == id)
                .Select(p => new Stored(p.FileKey, p.ContentType)).SingleOrDefaultAsync(ct),
            _ => null,
        };
        if (photo is null || await files.OpenAsync(photo.FileKey, ct) is not { } stream)
        {
            return NotFound();
        }
        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.CacheControl = "private, max-age=3600";
        return File(stream, photo.ContentType);
    }

    private sealed record Stored(string FileKey, string ContentType);
}
