using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Testing;
using ReturnsPortal.Web.Files;
using ReturnsPortal.Web.Tests.Hosting;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Deploy;

/// <summary>
/// The README's backup and restore, run for real (docs/operations.md, "Restore drill"): <c>pg_dump -Fc</c> of a running
/// portal, then <c>pg_restore --clean --if-exists --no-owner</c> over the same database after more work was done. The
/// portal started again with the same Data Protection certificate serves what the dump held (a return, a stored file,
/// a staff session signed in before the dump) and nothing done after it.
/// </summary>
public sealed class BackupRestoreTests
{
    [Fact]
    public async Task A_restored_dump_brings_back_returns_files_and_sessions_and_drops_later_work()
    {
        var cluster = await PostgresCluster.GetAsync();
        var database = await cluster.CreateDatabaseAsync("backup");
        var dump = Path.Combine(Directory.CreateTempSubdirectory("rp-dump-").FullName, "returns.dump");
        var cookies = new CookieContainer();
        TestReturns.TestReturn kept;
        TestReturns.TestReturn later;
        string fileKey;
        try
        {
            await using (var before = new InstallationFactory(database))
            {
                await before.InitializeAsync();
                using (var staff = before.CreateDefaultClient(new CookieContainerHandler(cookies)))
                {
                    using var signedIn = await staff.PostLoginAsync("agent@example.fr", StaffLogin.DemoPassword);
                    signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
                }
                kept = await TestReturns.ReturnAsync(before, ReturnStatus.Approved);
                fileKey = await before.WithScopeAsync(s => s.GetRequiredService<IFileStore>()
                    .SaveAsync("backup", "png", new MemoryStream(PhotoBytes), CancellationToken.None));

                // While the portal runs, as the README says.
                await PgToolAsync("pg_dump", database, "-Fc", "-f", dump);

                later = await TestReturns.ReturnAsync(before, ReturnStatus.Approved);
            }
            NpgsqlConnection.ClearAllPools();

            await PgToolAsync("pg_restore", database, "--clean", "--if-exists", "--no-owner", dump);

            await using var after = new InstallationFactory(database);
            await after.InitializeAsync();
            using var sameStaff = after.CreateDefaultClient(new CookieContainerHandler(cookies));
            using var queue = await sameStaff.GetAsync(new Uri($"/staff/returns/{kept.Rma}", UriKind.Relative));
            queue.StatusCode.ShouldBe(HttpStatusCode.OK, "the session signed in before the dump is still valid: its keys came back with it");
            after.WithScope(s => s.GetRequiredService<ReturnsDbContext>().Returns.Select(r => r.Rma).ToList())
                .ShouldSatisfyAllConditions(
                    rmas => rmas.ShouldContain(kept.Rma),
                    rmas => rmas.ShouldNotContain(later.Rma, "made after the dump"));
            await using var file = (await after.WithScopeAsync(s => s.GetRequiredService<IFileStore>().OpenAsync(fileKey, CancellationToken.None))).ShouldNotBeNull();
            using var read = new MemoryStream();
            await file.CopyToAsync(read);
            read.ToArray().ShouldBe(PhotoBytes);
        }
        finally
        {
            await cluster.DropDatabaseAsync(database);
            Directory.Delete(Path.GetDirectoryName(dump)!, recursive: true);
        }
    }

    private static readonly byte[] PhotoBytes = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];

    /// <summary>Runs pg_dump or pg_restore of the installed server binaries against <paramref name="connectionString"/>'s database.</summary>
    private static async Task PgToolAsync(string tool, string connectionString, params string[] args)
    {
        var path = PostgresCluster.FindBinaries() is { } bin ? Path.Combine(bin, tool) : null;
        if (path is null || !File.Exists(path))
        {
            throw new InvalidOperationException($"{tool} is needed for the backup test: apt-get install postgresql-client (scripts/test.sh installs the server, which has it).");
        }
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(path) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in (string[])["-h", target.Host!, "-p", target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-U", target.Username!, "-d", target.Database!, .. args])
        {
            start.ArgumentList.Add(arg);
        }
        if (!string.IsNullOrEmpty(target.Password))
        {
            start.Environment["PGPASSWORD"] = target.Password;
        }
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, $"{tool} failed: {await errors}");
    }

    /// <summary>One start of the installation on a given database: files in the database, keys encrypted with a certificate.</summary>
    private sealed class InstallationFactory(string connectionString) : PortalFactory
    {
        public override DatabaseProvider Provider => DatabaseProvider.Postgres;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Files:Store", "Database");
            builder.UseSetting("DataProtection:CertificatePath", TestCertificate.Path);
            builder.UseSetting("DataProtection:CertificatePassword", TestCertificate.Password);
        }

        protected override Task<string> CreateDatabaseAsync(string dataPath) => Task.FromResult(connectionString);
    }
}
