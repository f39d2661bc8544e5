namespace ReturnsPortal.Web.Files;

/// <summary>
/// Staff photo uploads (unidentified parcels, inspection photos), checked as the customers' are (Pages/Returns/Start/Reason): count, size,
/// and the first bytes (<see cref="PhotoSignature"/>), never the name or the browser's content type.
/// </summary>
public static class PhotoUploads
{
    /// <summary>The recognised photos, or the error code (Start.Error.*) of the first broken rule.</summary>
    public static async Task<(IReadOnlyList<CheckedPhoto> Photos, string? Error)> CheckAsync(
        IReadOnlyList<IFormFile> files, int max, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(files);
        var posted = files.Where(f => f.Length > 0).ToList();
        if (posted.Count > max)
        {
            return ([], "photo_too_many");
        }
        var photos = new List<CheckedPhoto>();
        foreach (var file in posted)
        {
            if (file.Length > ReturnLinePhoto.MaxBytes)
            {
                return ([], "photo_too_big");
            }
            var head = new byte[PhotoSignature.BytesNeeded];
            await using var stream = file.OpenReadStream();
            var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
            if (PhotoSignature.Detect(head.AsSpan(0, read)) is not { } type)
            {
                return ([], "photo_not_image");
            }
            photos.Add(new CheckedPhoto(file, type));
        }
        return (photos, null);
    }

    /// <summary>Stores checked photos under <paramref name="folder"/> and makes one entity per photo.</summary>
    public static async Task<List<T>> SaveAsync<T>(
        IFileStore files, string folder, IReadOnlyList<CheckedPhoto> photos, Func<string, CheckedPhoto, T> create, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(photos);
        ArgumentNullException.ThrowIfNull(create);
        var stored = new List<T>();
        foreach (var photo in photos)
        {
            await using var content = photo.File.OpenReadStream();
            var key = await files.SaveAsync(folder, photo.Extension, content, ct);
            stored.Add(create(key, photo));
        }
        return stored;
    }

    /// <summary>The folder of a wizard draft's photos (<c>draft-&lt;id&gt;</c>): the return made from it keeps their keys.</summary>
    public static string DraftFolder(Guid draftId) => $"draft-{draftId:N}";

    /// <summary>
    /// A received photo re-encoded without its metadata (<see cref="PhotoReencoder"/>, ADR 0126), or null when its bytes
    /// do not decode as the image their signature claims. Nothing is stored.
    /// </summary>
    public static CleanPhoto? Clean(ReadOnlySpan<byte> original, string contentType, string fileName, PhotoOptions options) =>
        PhotoReencoder.Reencode(original, contentType, options) is { } bytes ? new CleanPhoto(bytes, contentType, fileName) : null;

    /// <summary>As <see cref="Clean(ReadOnlySpan{byte}, string, string, PhotoOptions)"/> for a posted file already checked by its signature.</summary>
    public static async Task<CleanPhoto?> CleanAsync(IFormFile file, string contentType, PhotoOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var buffer = new MemoryStream((int)Math.Min(file.Length, ReturnLinePhoto.MaxBytes));
        await using (var stream = file.OpenReadStream())
        {
            await stream.CopyToAsync(buffer, ct);
        }
        return Clean(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), contentType, Path.GetFileName(file.FileName), options);
    }

    /// <summary>Stores a cleaned photo under <paramref name="folder"/> and returns its key.</summary>
    public static async Task<string> StoreAsync(IFileStore files, string folder, CleanPhoto photo, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(photo);
        await using var content = new MemoryStream(photo.Bytes, writable: false);
        return await files.SaveAsync(folder, photo.Extension, content, ct);
    }

    /// <summary>Deletes stored files (a removed photo, those of a request that failed); a missing file is no error.</summary>
    public static async Task DeleteAsync(IFileStore files, IEnumerable<string> keys, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            await files.DeleteAsync(key, ct);
        }
    }

    /// <summary>
    /// Deletes every file of a wizard draft (<see cref="DraftFolder"/>), for the retention job once the draft is
    /// abandoned; returns how many there were. Only for a draft that never became a return: a return made from a draft
    /// keeps its photos under the draft's folder.
    /// </summary>
    public static async Task<int> DeleteDraftFilesAsync(IFileStore files, Guid draftId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(files);
        var stored = await files.ListAsync(DraftFolder(draftId), ct);
        await DeleteAsync(files, stored.Select(f => f.Key), ct);
        return stored.Count;
    }

    /// <summary>The localised message key for an error code of <see cref="CheckAsync"/>.</summary>
    public static string MessageKey(string error, string tooManyKey) =>
        error == "photo_too_many" ? tooManyKey : "Start.Error." + error;
}
