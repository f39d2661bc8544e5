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

    /// <summary>The localised message key for an error code of <see cref="CheckAsync"/>.</summary>
    public static string MessageKey(string error, string tooManyKey) =>
        error == "photo_too_many" ? tooManyKey : "Start.Error." + error;
}
