using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Hosting;

/// <summary>
/// Data Protection keys live in the database, so every instance reads the same ones, and in Production they are
/// encrypted by the certificate of <c>DataProtection:CertificatePath</c> (ADR 0105).
/// </summary>
public sealed class DataProtectionSetupTests
{
    [Fact]
    public async Task In_production_the_keys_need_a_certificate()
    {
        using var folder = new TempFolder();
        var factory = new ProductionFactory(folder.Database, certificatePath: null);
        try
        {
            var refusal = await Should.ThrowAsync<Exception>(factory.InitializeAsync());

            var messages = string.Join(" | ", Chain(refusal).SelectMany(e => e is AggregateException a ? a.InnerExceptions : [e]).Select(e => e.Message));
            messages.ShouldContain("DataProtection:CertificatePath is required in Production");
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
        }
    }

    [Fact]
    public async Task An_unreadable_certificate_stops_the_start_naming_the_key()
    {
        using var folder = new TempFolder();
        var factory = new ProductionFactory(folder.Database, Path.Combine(folder.Path, "missing.pfx"));
        try
        {
            var refusal = await Should.ThrowAsync<Exception>(factory.InitializeAsync());

            var invalid = Chain(refusal).OfType<OptionsValidationException>().FirstOrDefault();
            invalid.ShouldNotBeNull($"Expected an OptionsValidationException, got: {refusal}");
            invalid.Message.ShouldContain("DataProtection:CertificatePath");
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
        }
    }

    [Fact]
    public async Task In_production_the_keys_are_encrypted_in_the_database_and_shared_by_every_instance()
    {
        using var folder = new TempFolder();
        var first = new ProductionFactory(folder.Database, TestCertificate.Path);
        var second = new ProductionFactory(folder.Database, TestCertificate.Path);
        try
        {
            await first.InitializeAsync();
            var secret = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("staff session");
            await second.InitializeAsync();

            second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(secret).ShouldBe("staff session");
            var keys = await second.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().DataProtectionKeys.AsNoTracking().ToListAsync());
            var xml = keys.ShouldHaveSingleItem().Xml.ShouldNotBeNull();
            xml.ShouldContain("EncryptedData");
            xml.ShouldNotContain("unencryptedKey");
        }
        finally
        {
            await ((IAsyncLifetime)first).DisposeAsync();
            await ((IAsyncLifetime)second).DisposeAsync();
        }
    }

    [Fact]
    public async Task A_replaced_certificate_listed_as_previous_still_reads_the_keys_it_encrypted()
    {
        using var folder = new TempFolder();
        var replacement = TestCertificate.CreateAnother();
        var before = new ProductionFactory(folder.Database, TestCertificate.Path);
        var rotated = new ProductionFactory(folder.Database, replacement, previousCertificatePath: TestCertificate.Path);
        var forgotten = new ProductionFactory(folder.Database, replacement);
        try
        {
            await before.InitializeAsync();
            var secret = before.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("customer link");
            await rotated.InitializeAsync();
            await forgotten.InitializeAsync();

            rotated.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(secret).ShouldBe("customer link");
            Should.Throw<CryptographicException>(() => forgotten.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(secret),
                "without the previous certificate the old key cannot be decrypted");
        }
        finally
        {
            await ((IAsyncLifetime)before).DisposeAsync();
            await ((IAsyncLifetime)rotated).DisposeAsync();
            await ((IAsyncLifetime)forgotten).DisposeAsync();
        }
    }

    [Fact]
    public async Task An_unreadable_previous_certificate_stops_the_start_naming_its_key()
    {
        using var folder = new TempFolder();
        var factory = new ProductionFactory(folder.Database, TestCertificate.Path, previousCertificatePath: Path.Combine(folder.Path, "old.pfx"));
        try
        {
            var refusal = await Should.ThrowAsync<Exception>(factory.InitializeAsync());

            var invalid = Chain(refusal).OfType<OptionsValidationException>().FirstOrDefault();
            invalid.ShouldNotBeNull($"Expected an OptionsValidationException, got: {refusal}");
            invalid.Message.ShouldContain("DataProtection:PreviousCertificates:0:Path");
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
        }
    }

    [Fact]
    public async Task Previous_certificates_without_a_current_one_stop_the_start()
    {
        using var folder = new TempFolder();
        var factory = new ProductionFactory(folder.Database, certificatePath: null, previousCertificatePath: TestCertificate.Path);
        try
        {
            var refusal = await Should.ThrowAsync<Exception>(factory.InitializeAsync());

            var messages = string.Join(" | ", Chain(refusal).SelectMany(e => e is AggregateException a ? a.InnerExceptions : [e]).Select(e => e.Message));
            messages.ShouldContain("DataProtection:PreviousCertificates needs DataProtection:CertificatePath");
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
        }
    }

    private static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    /// <summary>The portal in Production (the seller named) on a given SQLite file, with or without a key certificate.</summary>
    private sealed class ProductionFactory(string database, string? certificatePath, string? previousCertificatePath = null) : PortalFactory
    {
        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // The key certificate is what these tests are about.
            UseProduction(builder, withKeyCertificate: false);
            if (certificatePath is not null)
            {
                builder.UseSetting("DataProtection:CertificatePath", certificatePath);
                builder.UseSetting("DataProtection:CertificatePassword", TestCertificate.Password);
            }
            if (previousCertificatePath is not null)
            {
                builder.UseSetting("DataProtection:PreviousCertificates:0:Path", previousCertificatePath);
                builder.UseSetting("DataProtection:PreviousCertificates:0:Password", TestCertificate.Password);
            }
        }

        protected override Task<string> CreateDatabaseAsync(string dataPath) => Task.FromResult($"Data Source={database}");
    }

    /// <summary>A folder for a database that outlives one app (two instances share it).</summary>
    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("rp-keys-").FullName;

        public string Database => System.IO.Path.Combine(Path, "returns.db");

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // Still held by a finishing host; the OS cleans its temp folder.
            }
        }
    }
}

/// <summary>A self-signed key-encryption certificate (.pfx with its private key) for tests that run in Production.</summary>
public static class TestCertificate
{
    public const string Password = "test-only";

    private static readonly Lazy<string> File = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Path => File.Value;

    /// <summary>Another certificate of the same kind, e.g. the one that replaces <see cref="Path"/> in a rotation.</summary>
    public static string CreateAnother() => Create();

    private static string Create()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=ReturnsPortal tests", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = System.IO.Path.Combine(Directory.CreateTempSubdirectory("rp-cert-").FullName, "keys.pfx");
        System.IO.File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }
}
