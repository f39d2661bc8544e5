using Microsoft.AspNetCore.Identity;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Seeding;
using ReturnsPortal.Domain.Staff;

namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// At start-up: create the database when missing, refuse one made by an older build (ADR 0095), apply the provider's
/// migrations, add the reference data every shop needs (reasons, default policy, warehouse, roles) and, outside
/// Production, the demo shop with its published identities. In Production, refuse to serve while those identities
/// are in the database (ADR 0107).
/// </summary>
public static class DatabaseInitializer
{
    public const string DemoPassword = "Demo!2026returns";
    public const string DemoApiKey = "demo-api-key";

    public static readonly IReadOnlyList<(string Email, string Name, string Role)> DemoStaff =
    [
        ("inspector@example.fr", "Inès Inspectrice", StaffRoles.Inspector),
        ("agent@example.fr", "Antoine Agent", StaffRoles.Agent),
        ("manager@example.fr", "Manon Manager", StaffRoles.Manager),
        ("admin@example.fr", "Adrien Admin", StaffRoles.Admin),
        (Domain.Seeding.DemoShopSeeder.FinanceActor, "Fanny Finance", StaffRoles.Finance),
    ];

    public static async Task InitialiseDatabaseAsync(this WebApplication app, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        await MigrateAsync(app.Services, ct);

        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var options = services.GetRequiredService<PortalOptions>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer));
        var clock = services.GetRequiredService<TimeProvider>();
        var db = services.GetRequiredService<ReturnsDbContext>();

        if (app.Environment.IsProduction() && await DemoIdentitiesMessageAsync(db, ct) is { } refusal)
        {
            logger.LogCritical("{Refusal}", refusal);
            throw new InvalidOperationException(refusal);
        }
        if (!options.SeedDemo)
        {
            return;
        }
        if (await DemoShopSeeder.SeedAsync(db, clock, ct))
        {
            logger.LogInformation("Seeded the demo shop");
        }
        await SeedDemoStaffAsync(services.GetRequiredService<UserManager<StaffUser>>());
        if (!await db.ApiKeys.AnyAsync(k => k.KeyHash == ApiKey.Hash(DemoApiKey), ct))
        {
            db.ApiKeys.Add(new ApiKey
            {
                Name = "Demo (all scopes)",
                KeyHash = ApiKey.Hash(DemoApiKey),
                Scopes = string.Join(' ', ApiScopes.All),
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>
    /// What every start and the <c>migrate</c> command do: create the database when missing, refuse an older build's
    /// database (ADR 0095), apply the migrations, then the reference data and the staff roles. Never the demo.
    /// </summary>
    public static async Task MigrateAsync(IServiceProvider root, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        await using var scope = root.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var options = services.GetRequiredService<PortalOptions>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer));
        var db = services.GetRequiredService<ReturnsDbContext>();
        // Instances starting together on one PostgreSQL take turns (ADR 0109); the reference data is inside the lock too.
        await DatabaseSetup.RunWithMigrationLockAsync(db, () => MigrateLockedAsync(services, options, logger, db, ct), ct);
    }

    private static async Task MigrateLockedAsync(
        IServiceProvider services, PortalOptions options, ILogger logger, ReturnsDbContext db, CancellationToken ct)
    {
        if (await DatabaseSetup.CreateIfMissingAsync(db, ct))
        {
            logger.LogInformation("Created the {Provider} database", options.Provider);
        }
        if (await OlderBuildDatabase.FindAsync(db, ct) is { } reason)
        {
            var message = OlderBuildMessage(reason, options);
            logger.LogCritical("{Refusal}", message);
            throw new InvalidOperationException(message);
        }
        logger.LogInformation("Applying {Provider} migrations", options.Provider);
        await db.Database.MigrateAsync(ct);
        await ReferenceDataSeeder.SeedAsync(db, services.GetRequiredService<TimeProvider>(), ct);
        await SeedRolesAsync(services.GetRequiredService<RoleManager<IdentityRole>>());
    }

    /// <summary>
    /// Production refuses to serve while the demo's published identities are in the database (issue 17, ADR 0107):
    /// anyone who read the README could sign in as admin or call the API with every scope. Null when there is none.
    /// </summary>
    public static async Task<string?> DemoIdentitiesMessageAsync(ReturnsDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var demoEmails = DemoStaff.Select(s => s.Email.ToUpperInvariant()).ToList();
        var found = await db.Users.Where(u => u.NormalizedEmail != null && demoEmails.Contains(u.NormalizedEmail))
            .Select(u => u.Email!).OrderBy(e => e).ToListAsync(ct);
        if (await db.ApiKeys.AnyAsync(k => k.KeyHash == ApiKey.Hash(DemoApiKey), ct))
        {
            found.Add($"the API key '{DemoApiKey}'");
        }
        return found.Count == 0 ? null
            : $"Production refuses to start: the database holds the demo's published identities ({string.Join(", ", found)}), "
                + "whose password and key are in the README. Remove them with `dotnet ReturnsPortal.Web.dll admin remove-demo` "
                + "(in the container: `docker compose run --rm migrate admin remove-demo`), create your own administrator with "
                + "`admin create --email ...` if needed, then start again.";
    }

    /// <summary>Deletes the demo staff accounts and the demo API key; returns what it removed.</summary>
    public static async Task<IReadOnlyList<string>> RemoveDemoIdentitiesAsync(IServiceProvider root, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        await using var scope = root.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var removed = new List<string>();
        foreach (var (email, _, _) in DemoStaff)
        {
            if (await users.FindByEmailAsync(email) is { } user)
            {
                Check(await users.DeleteAsync(user));
                removed.Add(email);
            }
        }
        var keys = await db.ApiKeys.Where(k => k.KeyHash == ApiKey.Hash(DemoApiKey)).ToListAsync(ct);
        if (keys.Count > 0)
        {
            db.ApiKeys.RemoveRange(keys);
            await db.SaveChangesAsync(ct);
            removed.Add($"the API key '{DemoApiKey}'");
        }
        return removed;
    }

    /// <summary>
    /// The refusal of a database made by an older build (ADR 0095): until the first release the migrations are one
    /// regenerated <c>Initial</c> per provider, so there is no upgrade path and the database is made again.
    /// </summary>
    public static string OlderBuildMessage(string reason, PortalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var whatToDo = options.Provider == DatabaseProvider.Sqlite
            ? $"Development (SQLite): stop the app and delete the data folder {options.DataPath}; the next start creates the database and re-seeds the demo shop. "
            : "";
        return $"The {options.Provider} database was made by an older build of ReturnsPortal: {reason}. "
            + "Until the first release each build has one Initial migration and cannot upgrade older databases. "
            + whatToDo
            + "Production: this is a pre-release build: recreate the database (drop it and create it empty), then start again.";
    }

    private static async Task SeedRolesAsync(RoleManager<IdentityRole> roles)
    {
        foreach (var role in StaffRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)));
            }
        }
    }

    private static async Task SeedDemoStaffAsync(UserManager<StaffUser> users)
    {
        foreach (var (email, name, role) in DemoStaff)
        {
            if (await users.FindByEmailAsync(email) is not null)
            {
                continue;
            }
            var user = new StaffUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };
            Check(await users.CreateAsync(user, DemoPassword));
            Check(await users.AddToRoleAsync(user, role));
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Seeding failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
