using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Staff;
using ReturnsPortal.Testing;
using ReturnsPortal.Web.Hosting;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Hosting;

/// <summary>
/// The operations commands (issue 17, ADR 0107) run in-process as <c>Program</c> runs them: the same services and
/// validated settings, standard input and output as text, on a fresh database; then a Production instance on that
/// database proves what they did. Also: Production refuses the demo's setting and its published identities.
/// </summary>
public abstract class OperationsCommandsTests : IAsyncLifetime
{
    private const string Email = "patron@boutique.fr";
    private const string Password = "Quiet-harbour-lantern-42";

    private readonly string dataPath = Directory.CreateTempSubdirectory("rp-ops-").FullName;
    private string connectionString = "";

    protected abstract DatabaseProvider Provider { get; }

    public async Task InitializeAsync() =>
        connectionString = Provider == DatabaseProvider.Sqlite
            ? $"Data Source={Path.Combine(dataPath, "returns.db")}"
            : await (await PostgresCluster.GetAsync()).CreateDatabaseAsync("ops");

    public async Task DisposeAsync()
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            await (await PostgresCluster.GetAsync()).DropDatabaseAsync(connectionString);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dataPath, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned by the OS later.
        }
    }

    [Fact]
    public async Task Migrate_creates_the_schema_and_the_roles_without_the_demo()
    {
        var run = await RunAsync("migrate");

        run.ExitCode.ShouldBe(0, run.Error);
        await WithDatabaseAsync(async (db, _) =>
        {
            (await db.Roles.Select(r => r.Name!).ToListAsync()).ShouldBe(StaffRoles.All, ignoreOrder: true);
            (await db.Users.CountAsync()).ShouldBe(0);
            (await db.ApiKeys.CountAsync()).ShouldBe(0);
            (await db.Orders.CountAsync()).ShouldBe(0);
        });
    }

    [Fact]
    public async Task An_admin_created_with_a_password_from_standard_input_signs_in_to_a_production_instance()
    {
        var run = await RunWithInputAsync($"{Password}\n", "admin", "create", "--email", Email);

        run.ExitCode.ShouldBe(0, run.Error);
        run.Output.ShouldContain(Email);
        var portal = new ProductionPortal(connectionString);
        try
        {
            await portal.InitializeAsync();
            var client = await portal.SignedInAsync(Email, Password);
            using var staffPage = await client.GetAsync(new Uri("/manage/staff", UriKind.Relative));
            staffPage.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            await ((IAsyncLifetime)portal).DisposeAsync();
        }
    }

    [Fact]
    public async Task An_admin_created_with_a_link_chooses_the_password_once_and_is_signed_in()
    {
        var run = await RunAsync("admin", "create", "--email", Email, "--link");

        run.ExitCode.ShouldBe(0, run.Error);
        var link = new Uri(run.Output.Split('\n').Single(l => l.Contains("/account/set-password?", StringComparison.Ordinal)).Trim());
        await WithDatabaseAsync(async (_, users) => (await users.HasPasswordAsync((await users.FindByEmailAsync(Email))!)).ShouldBeFalse());
        var portal = new ProductionPortal(connectionString);
        try
        {
            await portal.InitializeAsync();
            var client = portal.CreateBrowserLikeClient();
            var page = await client.GetDocumentAsync(link.PathAndQuery);

            using var mismatch = await client.SubmitAsync(page, "main form", new Dictionary<string, string>
            {
                ["Form.Password"] = Password,
                ["Form.Confirmation"] = Password + "x",
            });
            (await mismatch.ReadDocumentAsync()).QuerySelector("[data-valmsg-for='Form.Confirmation']").Text().ShouldBe("Les deux mots de passe sont différents.");

            using var weak = await client.SubmitAsync(page, "main form", new Dictionary<string, string>
            {
                ["Form.Password"] = "short",
                ["Form.Confirmation"] = "short",
            });
            (await weak.ReadDocumentAsync()).QuerySelector("[data-valmsg-for='Form.Password']").Text().ShouldContain("12");

            using var chosen = await client.SubmitAsync(page, "main form", new Dictionary<string, string>
            {
                ["Form.Password"] = Password,
                ["Form.Confirmation"] = Password,
            });
            chosen.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            chosen.Headers.Location!.OriginalString.ShouldBe("/staff");
            using var manage = await client.GetAsync(new Uri("/manage/staff", UriKind.Relative));
            manage.StatusCode.ShouldBe(HttpStatusCode.OK, "signed in as the new administrator");

            var other = portal.CreateBrowserLikeClient();
            var again = await other.GetDocumentAsync(link.PathAndQuery);
            using var reuse = await other.SubmitAsync(again, "main form", new Dictionary<string, string>
            {
                ["Form.Password"] = "Another-quiet-harbour-43",
                ["Form.Confirmation"] = "Another-quiet-harbour-43",
            });
            reuse.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "the link works once");
            (await reuse.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("a déjà servi");
            // The password chosen first is the one that stays.
            using var signedIn = await portal.SignedInAsync(Email, Password);
        }
        finally
        {
            await ((IAsyncLifetime)portal).DisposeAsync();
        }
    }

    [Theory]
    [InlineData("?email=patron%40boutique.fr")]
    [InlineData("?email=patron%40boutique.fr&token=forged")]
    [InlineData("?email=nobody%40example.fr&token=forged")]
    public async Task An_incomplete_forged_or_unknown_link_is_refused_with_one_message(string query)
    {
        (await RunAsync("admin", "create", "--email", Email, "--link")).ExitCode.ShouldBe(0);
        var portal = new ProductionPortal(connectionString);
        try
        {
            await portal.InitializeAsync();
            var client = portal.CreateBrowserLikeClient();
            using var shown = await client.GetAsync(new Uri("/account/set-password" + query, UriKind.Relative));
            var page = await shown.ReadDocumentAsync();
            if (page.QuerySelector("main form") is not null)
            {
                using var posted = await client.SubmitAsync(page, "main form", new Dictionary<string, string>
                {
                    ["Form.Password"] = Password,
                    ["Form.Confirmation"] = Password,
                });
                posted.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
                page = await posted.ReadDocumentAsync();
            }
            else
            {
                shown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            }

            page.Body!.TextContent.ShouldContain("Ce lien est incomplet, a déjà servi ou a expiré");
            await WithDatabaseAsync(async (_, users) => (await users.HasPasswordAsync((await users.FindByEmailAsync(Email))!)).ShouldBeFalse());
        }
        finally
        {
            await ((IAsyncLifetime)portal).DisposeAsync();
        }
    }

    [Theory]
    [InlineData("short", "at least 12")]
    [InlineData("motdepasse2026!", "too common")]
    [InlineData("patron-is-my-name-1", "email name")]
    public async Task A_password_Identity_refuses_creates_nothing_and_lists_the_rules(string password, string reason)
    {
        var run = await RunWithInputAsync($"{password}\n", "admin", "create", "--email", Email);

        run.ExitCode.ShouldBe(OperationsCommands.BadUsage);
        run.Error.ShouldContain(reason);
        run.Error.ShouldContain("at least 12 characters");
        run.Error.ShouldContain("Nothing was created");
        await WithDatabaseAsync(async (_, users) => (await users.FindByEmailAsync(Email)).ShouldBeNull());
    }

    [Fact]
    public async Task An_account_that_exists_is_not_created_again()
    {
        (await RunWithInputAsync($"{Password}\n", "admin", "create", "--email", Email)).ExitCode.ShouldBe(0);

        var again = await RunWithInputAsync($"{Password}\n", "admin", "create", "--email", Email, "--role", StaffRoles.Agent);

        again.ExitCode.ShouldBe(OperationsCommands.Refused);
        again.Error.ShouldContain("exists already");
    }

    [Fact]
    public async Task Unlock_ends_a_lockout()
    {
        (await RunWithInputAsync($"{Password}\n", "admin", "create", "--email", Email, "--role", StaffRoles.Manager)).ExitCode.ShouldBe(0);
        await WithDatabaseAsync(async (_, users) =>
        {
            var user = (await users.FindByEmailAsync(Email)).ShouldNotBeNull();
            (await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddHours(1))).Succeeded.ShouldBeTrue();
            (await users.AccessFailedAsync(user)).Succeeded.ShouldBeTrue();
        });

        var run = await RunAsync("admin", "unlock", "--email", Email);

        run.ExitCode.ShouldBe(0, run.Error);
        await WithDatabaseAsync(async (_, users) =>
        {
            var user = (await users.FindByEmailAsync(Email)).ShouldNotBeNull();
            (await users.IsLockedOutAsync(user)).ShouldBeFalse();
            user.AccessFailedCount.ShouldBe(0);
            (await users.GetRolesAsync(user)).ShouldHaveSingleItem().ShouldBe(StaffRoles.Manager);
        });
    }

    [Fact]
    public async Task Reset_2fa_switches_two_factor_off_and_changes_the_authenticator_key()
    {
        (await RunWithInputAsync($"{Password}\n", "admin", "create", "--email", Email)).ExitCode.ShouldBe(0);
        var oldKey = await WithDatabaseAsync(async (_, users) =>
        {
            var user = (await users.FindByEmailAsync(Email)).ShouldNotBeNull();
            (await users.ResetAuthenticatorKeyAsync(user)).Succeeded.ShouldBeTrue();
            (await users.SetTwoFactorEnabledAsync(user, true)).Succeeded.ShouldBeTrue();
            return await users.GetAuthenticatorKeyAsync(user);
        });

        var run = await RunAsync("admin", "reset-2fa", "--email", Email);

        run.ExitCode.ShouldBe(0, run.Error);
        await WithDatabaseAsync(async (_, users) =>
        {
            var user = (await users.FindByEmailAsync(Email)).ShouldNotBeNull();
            (await users.GetTwoFactorEnabledAsync(user)).ShouldBeFalse();
            (await users.GetAuthenticatorKeyAsync(user)).ShouldNotBe(oldKey);
        });
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("admin")]
    [InlineData("admin", "create")]
    [InlineData("admin", "create", "--email")]
    [InlineData("admin", "unlock", "--mail", "x@example.fr")]
    [InlineData("admin", "create", "--email", "x@example.fr", "--role", "Owner")]
    public async Task A_bad_command_prints_the_usage_on_stderr_and_exits_2(params string[] args)
    {
        var run = await RunAsync(args);

        run.ExitCode.ShouldBe(OperationsCommands.BadUsage);
        run.Error.ShouldContain("Usage: dotnet ReturnsPortal.Web.dll");
        run.Output.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("unlock")]
    [InlineData("reset-2fa")]
    public async Task An_unknown_email_is_said_and_exits_1(string verb)
    {
        (await RunAsync("migrate")).ExitCode.ShouldBe(0);

        var run = await RunAsync("admin", verb, "--email", "nobody@example.fr");

        run.ExitCode.ShouldBe(OperationsCommands.Refused);
        run.Error.ShouldContain("No staff account has the e-mail nobody@example.fr");
    }

    [Fact]
    public async Task Production_refuses_to_start_while_the_demo_identities_are_in_the_database_until_remove_demo()
    {
        // A shop first tried as a demo (another environment), then switched to Production.
        await using (var demo = BuildCommandHost("Demo", ("Demo:Seed", "true")))
        {
            await demo.InitialiseDatabaseAsync();
        }
        (await RunAsync("admin", "unlock", "--email", "admin@example.fr")).ExitCode.ShouldBe(0, "the commands still run: they are how it is fixed");

        var refused = new ProductionPortal(connectionString);
        try
        {
            var refusal = await Should.ThrowAsync<Exception>(refused.InitializeAsync());
            var message = string.Join(" | ", Chain(refusal).Select(e => e.Message));
            message.ShouldContain("admin@example.fr");
            message.ShouldContain(DatabaseInitializer.DemoApiKey);
            message.ShouldContain("admin remove-demo");
        }
        finally
        {
            await ((IAsyncLifetime)refused).DisposeAsync();
        }

        var removal = await RunAsync("admin", "remove-demo");
        removal.ExitCode.ShouldBe(0, removal.Error);
        removal.Output.ShouldContain("admin@example.fr");

        var portal = new ProductionPortal(connectionString);
        try
        {
            await portal.InitializeAsync();
            using var response = await portal.CreateBrowserLikeClient().PostLoginAsync("admin@example.fr", StaffLogin.DemoPassword);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, "the demo admin is gone: the login form shows its error");
            await WithDatabaseAsync(async (db, _) => (await db.ApiKeys.AnyAsync(k => k.KeyHash == ApiKey.Hash(DatabaseInitializer.DemoApiKey))).ShouldBeFalse());
        }
        finally
        {
            await ((IAsyncLifetime)portal).DisposeAsync();
        }
    }

    [Fact]
    public async Task Production_refuses_to_start_with_demo_seed_on_naming_the_setting()
    {
        var portal = new ProductionPortal(connectionString, demoSeed: "true");
        try
        {
            var refusal = await Should.ThrowAsync<Exception>(portal.InitializeAsync());

            var invalid = Chain(refusal).OfType<OptionsValidationException>().FirstOrDefault().ShouldNotBeNull(refusal.ToString());
            invalid.Message.ShouldContain("Demo:Seed");
            invalid.Message.ShouldContain("set it to false");
        }
        finally
        {
            await ((IAsyncLifetime)portal).DisposeAsync();
        }
    }

    private sealed record Run(int ExitCode, string Output, string Error);

    private Task<Run> RunAsync(params string[] args) => RunWithInputAsync("", args);

    /// <summary>One command as <c>Program</c> runs it, in Production (the place it is meant for), on this test's database.</summary>
    private async Task<Run> RunWithInputAsync(string input, params string[] args)
    {
        await using var app = BuildCommandHost("Production");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await OperationsCommands.RunAsync(app.Services, args, new StringReader(input), output, error);
        return new Run(exitCode, output.ToString(), error.ToString());
    }

    private WebApplication BuildCommandHost(string environment, params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = environment,
            ApplicationName = typeof(Program).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(ProductionPortal.Settings(connectionString, dataPath, Provider))
            .Concat(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).ToDictionary());
        builder.AddReturnsPortal();
        var app = builder.Build();
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        return app;
    }

    private async Task<T> WithDatabaseAsync<T>(Func<ReturnsDbContext, UserManager<StaffUser>, Task<T>> action)
    {
        await using var app = BuildCommandHost("Production");
        await using var scope = app.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<ReturnsDbContext>(), scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>());
    }

    private async Task WithDatabaseAsync(Func<ReturnsDbContext, UserManager<StaffUser>, Task> action)
    {
        await using var app = BuildCommandHost("Production");
        await using var scope = app.Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<ReturnsDbContext>(), scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>());
    }

    private static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    /// <summary>The portal in Production on an existing database, with the settings Production requires (ADR 0105).</summary>
    private sealed class ProductionPortal : PortalFactory
    {
        private readonly string connectionString;
        private readonly string demoSeed;

        public ProductionPortal(string connectionString, string demoSeed = "false")
        {
            this.connectionString = connectionString;
            this.demoSeed = demoSeed;
            // Production is served over HTTPS (at the proxy, ADR 0108): its cookies are Secure and would not come back over http.
            ClientOptions.BaseAddress = new Uri("https://localhost");
        }

        public override DatabaseProvider Provider => connectionString.StartsWith("Data Source=", StringComparison.Ordinal)
            ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;

        public static IEnumerable<KeyValuePair<string, string?>> Settings(string connectionString, string dataPath, DatabaseProvider provider) =>
        [
            new("Database:Provider", provider.ToString()),
            new("ConnectionStrings:Returns", connectionString),
            new("Storage:DataPath", dataPath),
            new("Shop:LegalName", "Boutique SAS"),
            new("Shop:Address", "2 rue du Port, 29200 Brest"),
            new("DataProtection:CertificatePath", TestCertificate.Path),
            new("DataProtection:CertificatePassword", TestCertificate.Password),
            new("Serilog:MinimumLevel:Default", "Warning"),
        ];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.UseSetting("Demo:Seed", demoSeed);
            foreach (var (key, value) in Settings(connectionString, "", Provider).Where(s => s.Key.StartsWith("Shop:", StringComparison.Ordinal) || s.Key.StartsWith("DataProtection:", StringComparison.Ordinal)))
            {
                builder.UseSetting(key, value);
            }
        }

        protected override Task<string> CreateDatabaseAsync(string dataPath) => Task.FromResult(connectionString);
    }
}

public sealed class OperationsCommandsTests_Sqlite : OperationsCommandsTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class OperationsCommandsTests_Postgres : OperationsCommandsTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
