using Microsoft.Extensions.Options;

namespace ReturnsPortal.Web.Hosting;

/// <summary>Where the app keeps its database and files, and which database it uses (see README, Configuration).</summary>
public sealed class PortalOptions
{
    /// <summary><c>Database:Provider</c>: Sqlite (default, a file in the data folder) or Postgres.</summary>
    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;

    /// <summary><c>ConnectionStrings:Returns</c>; for SQLite it defaults to returns.db in the data folder.</summary>
    public required string ConnectionString { get; init; }

    /// <summary><c>Storage:DataPath</c>: database file, Data Protection keys, uploads.</summary>
    public required string DataPath { get; init; }

    /// <summary><c>Demo:Seed</c>: create the demo shop and demo identities (always on in Development, never in Production).</summary>
    public bool SeedDemo { get; init; }

    public static PortalOptions From(IConfiguration configuration, IHostEnvironment environment)
    {
        var dataPath = Path.GetFullPath(configuration["Storage:DataPath"] is { Length: > 0 } path
            ? path
            : Path.Combine(environment.ContentRootPath, "data"));
        var providerText = configuration["Database:Provider"];
        var provider = string.IsNullOrWhiteSpace(providerText) ? DatabaseProvider.Sqlite
            : Enum.TryParse<DatabaseProvider>(providerText, ignoreCase: true, out var parsed) ? parsed
            : throw Invalid($"Database:Provider must be Sqlite or Postgres, not '{providerText}'.");
        var connectionString = configuration.GetConnectionString("Returns");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = provider == DatabaseProvider.Sqlite
                ? $"Data Source={Path.Combine(dataPath, "returns.db")}"
                : throw Invalid("Database:Provider is Postgres: set ConnectionStrings:Returns (env ConnectionStrings__Returns).");
        }
        var seedSetting = configuration["Demo:Seed"];
        if (environment.IsProduction() && string.Equals(seedSetting, "true", StringComparison.OrdinalIgnoreCase))
        {
            // Said rather than silently ignored (ADR 0107): whoever set it believes the demo is wanted.
            throw Invalid("Demo:Seed is true, but the environment is Production, which never seeds the demo shop and its published "
                + "identities: remove Demo:Seed (env Demo__Seed) or set it to false; for a demo, use another environment name (ASPNETCORE_ENVIRONMENT=Demo).");
        }
        // Demo identities have a published password: never in Production, whatever the setting says.
        var seedDemo = !environment.IsProduction() && (environment.IsDevelopment() || string.Equals(seedSetting, "true", StringComparison.OrdinalIgnoreCase));
        if (environment.IsDevelopment() && string.Equals(seedSetting, "false", StringComparison.OrdinalIgnoreCase))
        {
            seedDemo = false;
        }
        return new PortalOptions { Provider = provider, ConnectionString = connectionString, DataPath = dataPath, SeedDemo = seedDemo };
    }

    // Read while the services are registered (the provider chooses the DbContext), so checked here rather than by
    // ValidateOnStart; the same exception type, so a bad setting reads the same whichever section it is in.
    private static OptionsValidationException Invalid(string message) => new(nameof(PortalOptions), typeof(PortalOptions), [message]);
}
