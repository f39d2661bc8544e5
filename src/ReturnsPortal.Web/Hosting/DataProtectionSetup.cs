using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;

namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// The <c>DataProtection</c> section: the certificate that encrypts the Data Protection keys stored in the database
/// (ADR 0105). Required in Production; elsewhere, without it, the keys are stored unencrypted on purpose.
/// </summary>
public sealed class KeyProtectionOptions
{
    public const string Section = "DataProtection";

    /// <summary>A PKCS#12 (.pfx) file with its private key; every instance of the shop uses the same one.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>
    /// Certificates replaced by <see cref="CertificatePath"/>: keys they encrypted are still read, new keys are written
    /// with the current one (<c>DataProtection:PreviousCertificates:0:Path</c>, <c>…:Password</c>).
    /// </summary>
    public IList<PreviousKeyCertificate> PreviousCertificates { get; } = [];
}

/// <summary>A certificate that once encrypted the Data Protection keys, kept to read them during a rotation.</summary>
public sealed class PreviousKeyCertificate
{
    public string? Path { get; set; }

    public string? Password { get; set; }
}

/// <summary>
/// Where the keys behind cookies, anti-forgery tokens and customer links live (ADR 0105): in the database
/// (<c>DataProtectionKeys</c>), so every instance of the shop reads the same key ring; protected at rest by the
/// certificate of <c>DataProtection:CertificatePath</c>. Outside Production without a certificate (Development, the
/// demo, tests) they are written unencrypted, an explicit choice: those keys protect only demo data.
/// </summary>
public static class DataProtectionSetup
{
    /// <summary>
    /// Registered after the other settings: in Production a missing certificate is reported with them at start-up
    /// (<c>ValidateOnStart</c>), after the seller's name.
    /// </summary>
    public static IServiceCollection AddPortalDataProtection(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var settings = services.AddValidatedSettingsNow<KeyProtectionOptions>(configuration, KeyProtectionOptions.Section);
        var protection = services.AddDataProtection()
            .SetApplicationName("ReturnsPortal")
            .PersistKeysToDbContext<ReturnsDbContext>();
        if (!string.IsNullOrWhiteSpace(settings.CertificatePath))
        {
            protection.ProtectKeysWithCertificate(LoadCertificate("DataProtection:CertificatePath", settings.CertificatePath, settings.CertificatePassword));
            // A rotation: keys written under the old certificate stay readable (sessions, links already e-mailed).
            var previous = settings.PreviousCertificates
                .Select((c, i) => LoadCertificate($"DataProtection:PreviousCertificates:{i}:Path", c.Path, c.Password))
                .ToArray();
            if (previous.Length > 0)
            {
                protection.UnprotectKeysWithAnyCertificate(previous);
            }
        }
        else if (settings.PreviousCertificates.Count > 0)
        {
            services.AddOptions<KeyProtectionOptions>().Validate(_ => false,
                "DataProtection:PreviousCertificates needs DataProtection:CertificatePath (the certificate that replaces them).");
        }
        else if (environment.IsProduction())
        {
            // Keys readable by anyone who can read the database would let them forge staff sessions: a live shop encrypts them.
            services.AddOptions<KeyProtectionOptions>().Validate(s => !string.IsNullOrWhiteSpace(s.CertificatePath),
                "DataProtection:CertificatePath is required in Production (the certificate that encrypts the Data Protection keys stored in the database).");
        }
        else
        {
            // Development, the demo and tests: no certificate to manage; the keys in the database are readable, as
            // the "No XML encryptor configured" warning would say, but here it is our decision (ADR 0105).
            services.Configure<KeyManagementOptions>(keys => keys.XmlEncryptor = new NullXmlEncryptor());
        }
        return services;
    }

    private static X509Certificate2 LoadCertificate(string key, string? path, string? password)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new OptionsValidationException(KeyProtectionOptions.Section, typeof(KeyProtectionOptions),
                [$"{key} is empty: give the path of a .pfx certificate with its private key."]);
        }
        var passwordKey = key.EndsWith(":Path", StringComparison.Ordinal) ? key[..^":Path".Length] + ":Password" : "DataProtection:CertificatePassword";
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
            return certificate.HasPrivateKey
                ? certificate
                : throw new OptionsValidationException(KeyProtectionOptions.Section, typeof(KeyProtectionOptions),
                    [$"{key} ({path}) has no private key: the keys could not be read back."]);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new OptionsValidationException(KeyProtectionOptions.Section, typeof(KeyProtectionOptions),
                [$"{key} ({path}) could not be read with {passwordKey}: {e.Message}"]);
        }
    }
}
