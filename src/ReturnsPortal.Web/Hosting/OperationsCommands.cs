using Microsoft.AspNetCore.Identity;
using ReturnsPortal.Domain.Staff;

namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// The commands people who run the portal type instead of starting the web server (issue 17, ADR 0107):
/// <c>dotnet ReturnsPortal.Web.dll migrate | admin create | admin unlock | admin reset-2fa | admin remove-demo</c>.
/// They run on the same services and validated settings as a normal start, never start the server nor seed the demo.
/// Exit codes: 0 done, 1 refused (unknown account, an account that exists), 2 bad usage or a password Identity refuses.
/// </summary>
public static class OperationsCommands
{
    public const int Done = 0;
    public const int Refused = 1;
    public const int BadUsage = 2;

    private const string LinkFlag = "--link";

    public const string Usage = """
        Usage: dotnet ReturnsPortal.Web.dll <command>   (in the container image: docker run <image> <command>)
          migrate                                    apply the database migrations and reference data, then exit
          admin create --email E [--role R] [--name N] [--link]
                                                     create a staff account (role Admin by default; Inspector,
                                                     Agent, Manager or Admin); the password is read from standard
                                                     input, one line; with --link, no password: a one-time link
                                                     (24 hours) is printed where the person chooses it
          admin unlock --email E                     end a lockout after too many failed sign-ins
          admin reset-2fa --email E                  switch off two-factor sign-in and forget the authenticator key
          admin remove-demo                          delete the demo staff accounts and the demo API key
        Settings come from appsettings.json and the environment (ConnectionStrings__Returns, ...), as for a normal start.
        """;

    /// <summary>Whether the arguments name a command (otherwise they are settings for the web server).</summary>
    public static bool IsCommand(IReadOnlyList<string> args) =>
        args is [var first, ..] && (first is "migrate" or "admin" || !first.StartsWith('-') && !first.Contains('=', StringComparison.Ordinal));

    /// <summary>Runs one command; <paramref name="input"/> is standard input (the password of <c>admin create</c>).</summary>
    public static async Task<int> RunAsync(
        IServiceProvider services, IReadOnlyList<string> args, TextReader input, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        switch (args.ToArray())
        {
            case ["migrate"]:
                await DatabaseInitializer.MigrateAsync(services, ct);
                await output.WriteLineAsync("Database migrated.");
                return Done;
            case ["admin", "remove-demo"]:
                return await RemoveDemoAsync(services, output, ct);
            case ["admin", var verb, .. var given] when verb is "create" or "unlock" or "reset-2fa":
                // --link is a flag of `create` only; for the others it stays and is refused as bad usage.
                var link = verb == "create" && given.Contains(LinkFlag);
                var rest = link ? [.. given.Where(a => a != LinkFlag)] : given;
                if (ParseOptions(rest) is not { } options || !options.TryGetValue("email", out var email) || string.IsNullOrWhiteSpace(email))
                {
                    return await UsageAsync(error, $"admin {verb} needs --email.");
                }
                return verb switch
                {
                    "create" => await CreateAsync(services, email.Trim(), options, link, input, output, error, ct),
                    "unlock" => await OnAccountAsync(services, email.Trim(), output, error, UnlockAsync, "unlocked"),
                    _ => await OnAccountAsync(services, email.Trim(), output, error, ResetTwoFactorAsync, "has two-factor sign-in switched off"),
                };
            default:
                return await UsageAsync(error, $"Unknown command: {string.Join(' ', args)}");
        }
    }

    private static async Task<int> CreateAsync(
        IServiceProvider services, string email, Dictionary<string, string> options, bool link, TextReader input, TextWriter output,
        TextWriter error, CancellationToken ct)
    {
        var role = options.GetValueOrDefault("role", StaffRoles.Admin);
        if (!StaffRoles.All.Contains(role))
        {
            return await UsageAsync(error, $"--role must be one of {string.Join(", ", StaffRoles.All)}, not '{role}'.");
        }
        // Roles are reference data: make sure they exist even if `migrate` was never run.
        await DatabaseInitializer.MigrateAsync(services, ct);
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        if (await users.FindByEmailAsync(email) is not null)
        {
            await error.WriteLineAsync($"A staff account {email} exists already: use `admin unlock` or reset its password in Manage > Staff.");
            return Refused;
        }
        var name = options.GetValueOrDefault("name", "Administrator");
        var user = new StaffUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };

        if (link)
        {
            return await CreateWithLinkAsync(services, users, user, role, output);
        }
        var password = (await input.ReadLineAsync(ct))?.TrimEnd('\r', '\n') ?? "";
        // The password rules first, so a refused password creates nothing.
        var refusals = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            refusals.AddRange(result.Errors.Select(e => e.Description));
        }
        if (refusals.Count > 0)
        {
            await error.WriteLineAsync("Password refused: " + string.Join(" ", refusals));
            await error.WriteLineAsync($"A staff password has at least {users.Options.Password.RequiredLength} characters, "
                + "is not a common password and does not contain the e-mail's name. Nothing was created.");
            return BadUsage;
        }
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            await error.WriteLineAsync("Not created: " + string.Join(" ", created.Errors.Select(e => e.Description)));
            return created.Errors.Any(e => e.Code.StartsWith("Invalid", StringComparison.Ordinal)) ? BadUsage : Refused;
        }
        var added = await users.AddToRoleAsync(user, role);
        if (!added.Succeeded)
        {
            await users.DeleteAsync(user);
            throw new InvalidOperationException($"Role {role} could not be given: {string.Join(", ", added.Errors.Select(e => e.Code))}");
        }
        await output.WriteLineAsync($"Created the staff account {email} with role {role}. Sign in at /account/login.");
        return Done;
    }

    /// <summary>
    /// An account without a password and a link, printed once, where its owner chooses one (Pages/Account/SetPassword):
    /// Identity's password-reset token, valid 24 hours, void once used. Whoever runs the command never knows the password.
    /// </summary>
    private static async Task<int> CreateWithLinkAsync(IServiceProvider services, UserManager<StaffUser> users, StaffUser user, string role, TextWriter output)
    {
        Check(await users.CreateAsync(user));
        var added = await users.AddToRoleAsync(user, role);
        if (!added.Succeeded)
        {
            await users.DeleteAsync(user);
            throw new InvalidOperationException($"Role {role} could not be given: {string.Join(", ", added.Errors.Select(e => e.Code))}");
        }
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var shop = services.GetRequiredService<Notifications.ShopOptions>();
        var link = $"{shop.PublicUrl.TrimEnd('/')}/account/set-password?email={Uri.EscapeDataString(user.Email!)}&token={Uri.EscapeDataString(token)}";
        await output.WriteLineAsync($"Created the staff account {user.Email} with role {role} and no password.");
        await output.WriteLineAsync("Open this link within 24 hours to choose the password; it works once and is not shown again:");
        await output.WriteLineAsync(link);
        return Done;
    }

    private static async Task<int> OnAccountAsync(
        IServiceProvider services, string email, TextWriter output, TextWriter error,
        Func<UserManager<StaffUser>, StaffUser, Task> action, string done)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        if (await users.FindByEmailAsync(email) is not { } user)
        {
            await error.WriteLineAsync($"No staff account has the e-mail {email}.");
            return Refused;
        }
        await action(users, user);
        await output.WriteLineAsync($"{email} {done}.");
        return Done;
    }

    private static async Task UnlockAsync(UserManager<StaffUser> users, StaffUser user)
    {
        Check(await users.SetLockoutEndDateAsync(user, null));
        Check(await users.ResetAccessFailedCountAsync(user));
    }

    private static async Task ResetTwoFactorAsync(UserManager<StaffUser> users, StaffUser user)
    {
        Check(await users.SetTwoFactorEnabledAsync(user, false));
        // A new key: an authenticator app set up with the old one (perhaps on a lost phone) no longer works.
        Check(await users.ResetAuthenticatorKeyAsync(user));
    }

    private static async Task<int> RemoveDemoAsync(IServiceProvider services, TextWriter output, CancellationToken ct)
    {
        var removed = await DatabaseInitializer.RemoveDemoIdentitiesAsync(services, ct);
        await output.WriteLineAsync(removed.Count == 0 ? "No demo identity found." : "Removed: " + string.Join(", ", removed) + ".");
        return Done;
    }

    /// <summary><c>--key value</c> pairs; null when an argument is not one.</summary>
    private static Dictionary<string, string>? ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                return null;
            }
            options[args[i][2..]] = args[i + 1];
        }
        return options;
    }

    private static async Task<int> UsageAsync(TextWriter error, string problem)
    {
        await error.WriteLineAsync(problem);
        await error.WriteLineAsync(Usage);
        return BadUsage;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}

/// <summary>
/// Standard input for the commands: piped input as it is; on a terminal, a prompt and a line read without echo, so a
/// typed password is not left on screen.
/// </summary>
public sealed class ConsoleInput : TextReader
{
    private readonly TextWriter prompt;

    private ConsoleInput(TextWriter prompt) => this.prompt = prompt;

    public static TextReader Open(TextWriter prompt) => Console.IsInputRedirected ? Console.In : new ConsoleInput(prompt);

    public override string? ReadLine()
    {
        prompt.Write("Password (not shown): ");
        var line = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                prompt.WriteLine();
                return line.ToString();
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                line.Length = Math.Max(0, line.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                line.Append(key.KeyChar);
            }
        }
    }

    public override Task<string?> ReadLineAsync() => Task.FromResult(ReadLine());

    public override ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) => ValueTask.FromResult(ReadLine());
}
