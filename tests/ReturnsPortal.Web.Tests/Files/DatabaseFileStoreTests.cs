using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Files;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Files;

/// <summary>The files kept in the database for several instances (<c>Files:Store=Database</c>, ADR 0109).</summary>
public sealed class DatabaseFileStoreTests(PostgresDatabaseFilesPortalFactory factory) : IClassFixture<PostgresDatabaseFilesPortalFactory>
{
    [Fact]
    public async Task A_saved_file_is_a_row_any_instance_reads_back()
    {
        var store = factory.Services.GetRequiredService<IFileStore>();
        store.ShouldBeOfType<DatabaseFileStore>();
        byte[] bytes = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3];

        var key = await store.SaveAsync("tests", "png", new MemoryStream(bytes), CancellationToken.None);

        key.ShouldStartWith("tests/");
        key.ShouldEndWith(".png");
        await using (var read = (await store.OpenAsync(key, CancellationToken.None)).ShouldNotBeNull())
        {
            using var copy = new MemoryStream();
            await read.CopyToAsync(copy);
            copy.ToArray().ShouldBe(bytes);
        }
        var row = await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().StoredFiles.AsNoTracking().SingleAsync(f => f.Key == key));
        row.Size.ShouldBe(bytes.Length);
        row.ContentType.ShouldBe("image/png");
    }

    [Fact]
    public async Task An_unknown_key_opens_nothing_and_a_path_is_refused()
    {
        var store = factory.Services.GetRequiredService<IFileStore>();

        (await store.OpenAsync($"tests/{Guid.NewGuid():N}.png", CancellationToken.None)).ShouldBeNull();
        await Should.ThrowAsync<ArgumentException>(() => store.OpenAsync("../etc/passwd", CancellationToken.None));
        await Should.ThrowAsync<ArgumentException>(() => store.SaveAsync("..", "png", new MemoryStream([1]), CancellationToken.None));
    }
}
