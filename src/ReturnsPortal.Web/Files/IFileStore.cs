namespace ReturnsPortal.Web.Files;

/// <summary>
/// Where uploaded files live (customers' photos). Never served as static files: a page that checks who may see a
/// file reads it through this interface. A shared or object store can replace the local folder when scaling out.
/// </summary>
public interface IFileStore
{
    /// <summary>Stores the content under a new key made from <paramref name="folder"/> and returns that key.</summary>
    Task<string> SaveAsync(string folder, string extension, Stream content, CancellationToken ct);

    Task<Stream?> OpenAsync(string key, CancellationToken ct);
}
