using System.ComponentModel.DataAnnotations;

namespace ReturnsPortal.Web.Files;

/// <summary>Where uploaded files are kept: <c>FileSystem</c> (one instance) or <c>Database</c> (several, ADR 0109).</summary>
public enum FileStoreKind
{
    FileSystem,
    Database,
}

/// <summary><c>Files:Store</c>: <c>FileSystem</c> (default) or <c>Database</c>.</summary>
public sealed class FileStoreOptions
{
    public const string Section = "Files";

    [EnumDataType(typeof(FileStoreKind), ErrorMessage = "Files:Store must be FileSystem or Database.")]
    public FileStoreKind Store { get; set; } = FileStoreKind.FileSystem;
}

public static class FileStoreSetup
{
    /// <summary>
    /// Registers the <see cref="IFileStore"/> <c>Files:Store</c> names; a value that is neither stops the start naming
    /// <c>Files:Store</c> (the binder's message, or the annotation's for a number).
    /// </summary>
    public static IServiceCollection AddFileStore(this IServiceCollection services, IConfiguration configuration)
    {
        var options = services.AddValidatedSettingsNow<FileStoreOptions>(configuration, FileStoreOptions.Section);
        services.AddValidatedSettings<PhotoOptions>(configuration, PhotoOptions.Section);
        _ = options.Store switch
        {
            FileStoreKind.Database => services.AddSingleton<IFileStore, DatabaseFileStore>(),
            _ => services.AddSingleton<IFileStore, LocalFileStore>(),
        };
        return services;
    }
}
