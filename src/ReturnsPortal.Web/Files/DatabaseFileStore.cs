using Microsoft.AspNetCore.StaticFiles;
using ReturnsPortal.Domain.Operations;

namespace ReturnsPortal.Web.Files;

/// <summary>
/// The store for several instances (<c>Files:Store=Database</c>, ADR 0109): each file is a row of <c>StoredFiles</c>,
/// so a photo uploaded through one instance is shown by another. Each call uses its own scope (its own context), so a
/// file is saved at once, as on disk, whatever the page's context holds.
/// </summary>
public sealed class DatabaseFileStore(IServiceScopeFactory scopes, TimeProvider clock) : IFileStore
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public async Task<string> SaveAsync(string folder, string extension, Stream content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        // The same keys as the local store, so a shop can move its files from one store to the other.
        var key = FileKeys.New(folder, extension);
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        db.StoredFiles.Add(new StoredFile
        {
            Key = key,
            ContentType = ContentTypes.TryGetContentType(key, out var type) ? type : null,
            Content = bytes,
            Size = bytes.LongLength,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
        return key;
    }

    public async Task<Stream?> OpenAsync(string key, CancellationToken ct)
    {
        FileKeys.Check(key);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var content = await db.StoredFiles.AsNoTracking().Where(f => f.Key == key).Select(f => f.Content).SingleOrDefaultAsync(ct);
        return content is null ? null : new MemoryStream(content, writable: false);
    }
}
