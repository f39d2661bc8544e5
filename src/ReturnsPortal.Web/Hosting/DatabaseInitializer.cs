using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Seeding;
using ReturnsPortal.Domain.Staff;

namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// At start-up: apply the provider's migrations, add the reference data every shop needs (reasons, default
/// policy, warehouse, roles) and, outside Production, the demo shop with its published identities.
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
    ];

    public static async Task InitialiseDatabaseAsync(this WebApplication app, CancellationToken ct = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var options = services.GetRequiredService<PortalOptions>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer));
        var clock = services.GetRequiredService<TimeProvider>();
        var db = services.GetRequiredService<ReturnsDbContext>();

        logger.LogInformation("Applying {Provider} migrations", options.Provider);
        await db.Database.MigrateAsync(ct);
        await ReferenceDataSeeder.SeedAsync(db, clock, ct);
        await SeedRolesAsync(services.GetRequiredService<RoleManager<IdentityRole>>());

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
