using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Web.Files;
using ReturnsPortal.Web.Hosting;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Files;

public sealed class FileStoreTests_FileSystem : FileStoreTests, IDisposable
{
    private readonly string dataPath = Directory.CreateTempSubdirectory("rp-files-").FullName;

    public FileStoreTests_FileSystem() => Store = new LocalFileStore(new PortalOptions { ConnectionString = "", DataPath = dataPath });

    protected override IFileStore Store { get; }

    [Fact]
    public async Task The_logo_and_the_mailbox_keep_the_data_folder_paths_of_older_builds_and_photos_stay_under_uploads()
    {
        // Left by an older build, before they went through the store (ADR 0112).
        Directory.CreateDirectory(Path.Combine(dataPath, "branding"));
        await File.WriteAllBytesAsync(Path.Combine(dataPath, "branding", "logo.gif"), [0x47, 0x49, 0x46, 0x38]);
        Directory.CreateDirectory(Path.Combine(dataPath, "mailbox"));
        await File.WriteAllTextAsync(Path.Combine(dataPath, "mailbox", "0123456789abcdef0123456789abcdef.eml"), "Subject: old");

        (await Store.ListAsync(FileKeys.Branding, CancellationToken.None)).Select(f => f.Key).ShouldBe(["branding/logo.gif"]);
        (await Store.ListAsync(FileKeys.Mailbox, CancellationToken.None)).Select(f => f.Key).ShouldBe(["mailbox/0123456789abcdef0123456789abcdef.eml"]);
        var photo = await Store.SaveAsync("parcels", "png", new MemoryStream([1]), CancellationToken.None);
        File.Exists(Path.Combine(dataPath, "uploads", "parcels", FileKeys.NameOf(photo))).ShouldBeTrue();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(dataPath, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans its temp folder.
        }
    }
}

/// <summary>The files kept in the database, on SQLite (one machine may still choose it).</summary>
public sealed class FileStoreTests_DatabaseSqlite(SqlitePortalFactory factory) : FileStoreTests, IClassFixture<SqlitePortalFactory>
{
    protected override IFileStore Store { get; } =
        new DatabaseFileStore(factory.Services.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System);
}

/// <summary>The files kept in PostgreSQL, as several instances run (ADR 0109).</summary>
public sealed class FileStoreTests_DatabasePostgres(PostgresPortalFactory factory) : FileStoreTests, IClassFixture<PostgresPortalFactory>
{
    protected override IFileStore Store { get; } =
        new DatabaseFileStore(factory.Services.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System);
}

/// <summary>
/// What every <see cref="IFileStore"/> does the same way (ADR 0112): a file written under a chosen key is replaced by
/// the next write, a folder lists its files only, a file can be deleted. Each test uses folders of its own.
/// </summary>
public abstract class FileStoreTests
{
    protected abstract IFileStore Store { get; }

    private static string NewFolder() => "t" + Guid.NewGuid().ToString("N")[..12];

    private static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));

    private async Task<string?> ReadAsync(string key)
    {
        if (await Store.OpenAsync(key, CancellationToken.None) is not { } stream)
        {
            return null;
        }
        await using (stream)
        {
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return await reader.ReadToEndAsync();
        }
    }

    [Fact]
    public async Task A_write_under_a_chosen_key_replaces_the_file_there()
    {
        var key = FileKeys.Of(NewFolder(), "logo.png");

        await Store.WriteAsync(key, Text("first"), CancellationToken.None);
        (await ReadAsync(key)).ShouldBe("first");
        await Store.WriteAsync(key, Text("second, longer"), CancellationToken.None);

        (await ReadAsync(key)).ShouldBe("second, longer");
        var listed = (await Store.ListAsync(FileKeys.Check(key).Folder, CancellationToken.None)).ShouldHaveSingleItem();
        listed.Key.ShouldBe(key);
        listed.Size.ShouldBe(Encoding.UTF8.GetByteCount("second, longer"));
    }

    [Fact]
    public async Task Several_files_are_read_at_once_and_missing_ones_are_left_out()
    {
        var folder = NewFolder();
        var a = FileKeys.Of(folder, "a.eml");
        var b = await Store.SaveAsync(folder, "png", Text("b"), CancellationToken.None);
        await Store.WriteAsync(a, Text("a"), CancellationToken.None);

        var read = await Store.ReadManyAsync([a, b, FileKeys.Of(folder, "missing.eml")], CancellationToken.None);

        read.Keys.Order(StringComparer.Ordinal).ShouldBe(new[] { a, b }.Order(StringComparer.Ordinal));
        Encoding.UTF8.GetString(read[a]).ShouldBe("a");
        Encoding.UTF8.GetString(read[b]).ShouldBe("b");
        (await Store.ReadManyAsync([], CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_folder_lists_its_own_files_only_with_when_they_were_written()
    {
        var folder = NewFolder();
        var before = DateTime.UtcNow.AddMinutes(-1);
        await Store.WriteAsync(FileKeys.Of(folder, "a.eml"), Text("a"), CancellationToken.None);
        var saved = await Store.SaveAsync(folder, "png", Text("b"), CancellationToken.None);
        // A folder whose name starts with this one's is another folder.
        await Store.WriteAsync(FileKeys.Of(folder + "x", "c.eml"), Text("c"), CancellationToken.None);

        var files = await Store.ListAsync(folder, CancellationToken.None);

        files.Select(f => f.Key).Order(StringComparer.Ordinal).ShouldBe(new[] { FileKeys.Of(folder, "a.eml"), saved }.Order(StringComparer.Ordinal));
        files.ShouldAllBe(f => f.WrittenAt > before && f.WrittenAt < DateTime.UtcNow.AddMinutes(1));
        (await Store.ListAsync(NewFolder(), CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_deleted_file_is_gone_and_deleting_it_again_says_there_was_none()
    {
        var folder = NewFolder();
        var key = FileKeys.Of(folder, "logo.gif");
        var kept = FileKeys.Of(folder, "logo.png");
        await Store.WriteAsync(key, Text("gif"), CancellationToken.None);
        await Store.WriteAsync(kept, Text("png"), CancellationToken.None);

        (await Store.DeleteAsync(key, CancellationToken.None)).ShouldBeTrue();

        (await Store.OpenAsync(key, CancellationToken.None)).ShouldBeNull();
        (await Store.DeleteAsync(key, CancellationToken.None)).ShouldBeFalse();
        (await Store.ListAsync(folder, CancellationToken.None)).Select(f => f.Key).ShouldBe([kept]);
    }

    [Fact]
    public async Task Keys_and_folders_from_outside_must_be_plain_names()
    {
        await Should.ThrowAsync<ArgumentException>(() => Store.WriteAsync("../keys/x.xml", Text("x"), CancellationToken.None));
        await Should.ThrowAsync<ArgumentException>(() => Store.WriteAsync("mailbox/.hidden", Text("x"), CancellationToken.None));
        await Should.ThrowAsync<ArgumentException>(() => Store.ListAsync("..", CancellationToken.None));
        await Should.ThrowAsync<ArgumentException>(() => Store.DeleteAsync("a/b/c", CancellationToken.None));
    }

    [Fact]
    public async Task Photos_added_and_removed_in_a_loop_leave_no_file_and_an_abandoned_draft_s_folder_is_emptied()
    {
        // PhotoUploads as the wizard and the retention job use it (ADR 0126), on every store.
        var draft = Guid.NewGuid();
        var folder = PhotoUploads.DraftFolder(draft);
        var photo = new CleanPhoto([0x89, 0x50, 0x4E, 0x47], "image/png", "p.png");
        for (var i = 0; i < 5; i++)
        {
            var key = await PhotoUploads.StoreAsync(Store, folder, photo, CancellationToken.None);
            (await Store.ListAsync(folder, CancellationToken.None)).Count.ShouldBe(1);
            await PhotoUploads.DeleteAsync(Store, [key], CancellationToken.None);
        }
        (await Store.ListAsync(folder, CancellationToken.None)).ShouldBeEmpty();

        await PhotoUploads.StoreAsync(Store, folder, photo, CancellationToken.None);
        await PhotoUploads.StoreAsync(Store, folder, photo, CancellationToken.None);
        var other = await PhotoUploads.StoreAsync(Store, PhotoUploads.DraftFolder(Guid.NewGuid()), photo, CancellationToken.None);
        (await PhotoUploads.DeleteDraftFilesAsync(Store, draft, CancellationToken.None)).ShouldBe(2);
        (await Store.ListAsync(folder, CancellationToken.None)).ShouldBeEmpty();
        await using var kept = await Store.OpenAsync(other, CancellationToken.None);
        kept.ShouldNotBeNull("another draft's files stay");
    }
}
