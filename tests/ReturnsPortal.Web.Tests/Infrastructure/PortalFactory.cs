using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Testing;

namespace ReturnsPortal.Web.Tests.Infrastructure;

/// <summary>
/// The real app over HTTP in memory, on a fresh database of one provider, migrated and seeded with the demo shop
/// exactly as at start-up. One per test class; tests of a class share it.
/// </summary>
public abstract class PortalFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string dataPath = Directory.CreateTempSubdirectory("rp-web-").FullName;
    private string? connectionString;

    public abstract DatabaseProvider Provider { get; }

    public string ConnectionString => connectionString ?? throw new InvalidOperationException("Not initialised.");

    public async Task InitializeAsync()
    {
        connectionString = await CreateDatabaseAsync(dataPath);
        // Starting the server runs the app's start-up: migrations and demo seed.
        _ = Server;
    }

    /// <summary>
    /// Starts the app on a real Kestrel socket instead of the in-memory server, for a proxy in front of it (instead of
    /// <see cref="InitializeAsync"/>); returns the address it listens on.
    /// </summary>
    public async Task<Uri> StartOnKestrelAsync()
    {
        connectionString = await CreateDatabaseAsync(dataPath);
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        return new Uri(address);
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeFactoryAsync();

    /// <summary>Stops the app and deletes its data folder; a factory with more to stop (a proxy) overrides it.</summary>
    protected virtual async Task DisposeFactoryAsync()
    {
        await DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dataPath, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finishing request; the temp folder is cleaned by the OS later.
        }
    }

    /// <summary>A client that keeps cookies and does not follow redirects, so tests can assert them.</summary>
    public HttpClient CreateBrowserLikeClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = ClientOptions.BaseAddress });

    public T WithScope<T>(Func<IServiceProvider, T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        using var scope = Services.CreateScope();
        return action(scope.ServiceProvider);
    }

    /// <summary>Runs async work in a scope that lives until the work is done (the sync overload would dispose it early).</summary>
    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("ConnectionStrings:Returns", ConnectionString);
        builder.UseSetting("Storage:DataPath", dataPath);
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        // Every test logs in from the same address: the look-up rate limit has its own tests with a low limit.
        builder.UseSetting("RateLimits:Proof:PermitLimit", "100000");
        // Many tests try wrong proofs on the demo orders: the per-order failure limit has its own tests (ProofLimitTests).
        builder.UseSetting("RateLimits:Proof:FailuresPerOrder", "100000");
        // Every API test uses the demo key: the per-key limit has its own test with a low limit.
        builder.UseSetting("RateLimits:ApiKey:PermitLimit", "100000");
        // Staff cookies are checked against the database on every request: disabling an account shows at once.
        builder.UseSetting("Staff:SessionValidationInterval", "00:00:00");
        // The dispatcher is driven by the notification tests themselves (OutboxProcessor), never in the background.
        builder.UseSetting("Outbox:Enabled", "false");
        // Likewise the webhook worker: the webhook tests drive WebhookFanOut and WebhookSender.
        builder.UseSetting("Webhooks:Enabled", "false");
        // Label expiry runs only when a test calls it (LabelExpiry.ExpireLapsedAsync): seeded returns must stay as seeded.
        builder.UseSetting("LabelExpiry:Enabled", "false");
        // Retention runs only when a test calls it (RetentionRules.RunAsync): seeded drafts, photos and mails stay as seeded.
        builder.UseSetting("Retention:Enabled", "false");
        // Webhook receivers, the local Stripe and the local shop listen on 127.0.0.1: allowed by name, as a developer would
        // (ADR 0123); the guard's own tests use other names and addresses.
        builder.UseSetting("Outbound:AllowedPrivateHosts:0", "127.0.0.1");
        // Problem-product alerts are detected when a test presses the page's button: the list starts empty.
        builder.UseSetting("AnalyticsAlerts:Enabled", "false");
    }

    protected abstract Task<string> CreateDatabaseAsync(string dataPath);

    /// <summary>
    /// What Production requires of every test that runs in it: no demo (ADR 0107), the seller named (ADR 0100) and,
    /// unless the test is about it, the certificate that encrypts the Data Protection keys (ADR 0105).
    /// </summary>
    protected static void UseProduction(IWebHostBuilder builder, bool withKeyCertificate = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Production");
        // Production refuses Demo:Seed=true, which every test factory sets.
        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("Shop:LegalName", "Exemple SAS");
        builder.UseSetting("Shop:Address", "1 rue de la Paix, 75002 Paris");
        if (withKeyCertificate)
        {
            builder.UseSetting("DataProtection:CertificatePath", Hosting.TestCertificate.Path);
            builder.UseSetting("DataProtection:CertificatePassword", Hosting.TestCertificate.Password);
        }
    }
}

public sealed class SqlitePortalFactory : PortalFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task<string> CreateDatabaseAsync(string dataPath) =>
        Task.FromResult($"Data Source={Path.Combine(dataPath, "returns.db")}");
}

public sealed class PostgresPortalFactory : PortalFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override async Task<string> CreateDatabaseAsync(string dataPath)
    {
        var cluster = await PostgresCluster.GetAsync();
        return await cluster.CreateDatabaseAsync("web");
    }
}

/// <summary>PostgreSQL with the files in the database (<c>Files:Store=Database</c>), as a multi-instance install (ADR 0109).</summary>
public sealed class PostgresDatabaseFilesPortalFactory : PortalFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Files:Store", "Database");
    }

    protected override async Task<string> CreateDatabaseAsync(string dataPath)
    {
        var cluster = await PostgresCluster.GetAsync();
        return await cluster.CreateDatabaseAsync("webfiles");
    }
}
