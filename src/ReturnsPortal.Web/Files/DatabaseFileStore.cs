using Microsoft.AspNetCore.StaticFiles;
using ReturnsPortal.Domain.Operations;

namespace ReturnsPortal.Web.Files;

/// <summary>
/// The store for several instances (<c>Files:Store=Database</c>, ADR 0109): each file is a row of <c>StoredFiles</c>,
/// so a photo, the logo or a mail stored through one instance is read by another (ADR 0112). Each call uses its own
/// scope (its own context), so a file is saved at once, as on disk, whatever the page's context holds.
/// </summary>
public sealed class DatabaseFileStore(IServiceScopeFactory scopes, TimeProvider clock) : IFileStore
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public async Task<string> SaveAsync(string folder, string extension, Stream content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        // The same keys as the local store, so a shop can move its files from one store to the other.
        var key = FileKeys.New(folder, extension);
        var bytes = await ReadAllAsync(content, ct);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        db.StoredFiles.Add(Row(key, bytes));
        await db.SaveChangesAsync(ct);
        return key;
    }

    public async Task WriteAsync(string key, Stream content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        FileKeys.Check(key);
        var bytes = await ReadAllAsync(content, ct);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        if (await ReplaceAsync(db, key, bytes, ct))
        {
            return;
        }
        db.StoredFiles.Add(Row(key, bytes));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance inserted the same key in between: the key exists now, so replace its content.
            db.ChangeTracker.Clear();
            if (!await ReplaceAsync(db, key, bytes, ct))
            {
                throw;
            }
        }
    }

    public async Task<Stream?> OpenAsync(string key, CancellationToken ct)
    {
        FileKeys.Check(key);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var content = await db.StoredFiles.AsNoTracking().Where(f => f.Key == key).Select(f => f.Content).SingleOrDefaultAsync(ct);
        return content is null ? null : new MemoryStream(content, writable: false);
    }

    public async Task<IReadOnlyDictionary<string, byte[]>> ReadManyAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            FileKeys.Check(key);
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        return await db.StoredFiles.AsNoTracking().Where(f => keys.Contains(f.Key)).ToDictionaryAsync(f => f.Key, f => f.Content, ct);
    }

    public async Task<IReadOnlyList<StoredFileEntry>> ListAsync(string folder, CancellationToken ct)
    {
        // A plain name (no '%' or '_' of LIKE can slip in that the provider would not escape), then its '/'.
        var prefix = FileKeys.Of(folder, "x")[..^1];
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var rows = await db.StoredFiles.AsNoTracking().Where(f => f.Key.StartsWith(prefix))
            .Select(f => new { f.Key, f.Size, f.CreatedAt }).ToListAsync(ct);
        return [.. rows.Select(r => new StoredFileEntry(r.Key, r.Size, DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc)))];
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken ct)
    {
        FileKeys.Check(key);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        return await db.StoredFiles.Where(f => f.Key == key).ExecuteDeleteAsync(ct) > 0;
    }

    private StoredFile Row(string key, byte[] bytes) => new()
    {
        Key = key,
        ContentType = ContentTypeOf(key),
        Content = bytes,
        Size = bytes.LongLength,
        CreatedAt = clock.GetUtcNow().UtcDateTime,
    };

    /// <summary>
    /// One UPDATE of the row, if there is one; <c>CreatedAt</c> becomes the time of this write, as a file's write time
    /// does on disk (the mailbox lists newest first by it).
    /// </summary>
    private async Task<bool> ReplaceAsync(ReturnsDbContext db, string key, byte[] bytes, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var type = ContentTypeOf(key);
        return await db.StoredFiles.Where(f => f.Key == key).ExecuteUpdateAsync(s => s
            .SetProperty(f => f.Content, bytes)
            .SetProperty(f => f.Size, bytes.LongLength)
            .SetProperty(f => f.ContentType, type)
            .SetProperty(f => f.CreatedAt, now), ct) > 0;
    }

    private static string? ContentTypeOf(string key) => ContentTypes.TryGetContentType(key, out var type) ? type : null;

    private static async Task<byte[]> ReadAllAsync(Stream content, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
