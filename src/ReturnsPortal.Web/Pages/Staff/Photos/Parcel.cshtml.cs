using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Files;

namespace ReturnsPortal.Web.Pages.Staff.Photos;

/// <summary>
/// One photo of an unidentified parcel, for staff only (the /Staff folder policy): files are never static. The stored
/// content type is the one recognised from the bytes at upload, and the browser may not sniff another.
/// </summary>
public sealed class ParcelPhotoModel(ReturnsDbContext db, IFileStore files) : PageModel
{
    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var photo = await db.Set<ParcelPhoto>().AsNoTracking().Where(p => p.Id == id)
            .Select(p => new { p.FileKey, p.ContentType }).SingleOrDefaultAsync(ct);
        if (photo is null || await files.OpenAsync(photo.FileKey, ct) is not { } stream)
        {
            return NotFound();
        }
        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.CacheControl = "private, max-age=3600";
        return File(stream, photo.ContentType);
    }
}
