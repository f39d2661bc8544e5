using System.Reflection;
using Microsoft.AspNetCore.Identity;

namespace ReturnsPortal.Domain.Staff;

/// <summary>
/// Refuses the passwords people (and attackers' lists) reach for first, and passwords that contain the
/// account's own email name. The list is embedded (CommonPasswords.txt, written for this project; no download).
/// A password is refused when, lower-cased, it is on the list, or becomes a listed word once its leading and
/// trailing digits and symbols are removed ("Motdepasse2026!" is "motdepasse" plus decoration).
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<StaffUser>
{
    public const string CommonCode = "CommonPassword";
    public const string ContainsEmailCode = "PasswordContainsEmail";

    /// <summary>Shorter email names ("a@…", "jo@…") would refuse too many honest passwords.</summary>
    private const int MinimumLocalPartLength = 3;

    public static readonly IReadOnlySet<string> CommonPasswords = Load();

    public Task<IdentityResult> ValidateAsync(UserManager<StaffUser> manager, StaffUser user, string? password)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Task.FromResult(Validate(user.Email, password));
    }

    public static IdentityResult Validate(string? email, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            // Emptiness is the built-in validator's job (minimum length).
            return IdentityResult.Success;
        }
        var errors = new List<IdentityError>();
        if (IsCommon(password))
        {
            errors.Add(new IdentityError { Code = CommonCode, Description = "This password is too common." });
        }
        var localPart = email?.Split('@')[0].Trim();
        if (localPart is { Length: >= MinimumLocalPartLength } && password.Contains(localPart, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new IdentityError { Code = ContainsEmailCode, Description = "The password must not contain the email name." });
        }
        return errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]);
    }

    public static bool IsCommon(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var lower = password.ToLowerInvariant();
        if (CommonPasswords.Contains(lower))
        {
            return true;
        }
        var core = lower.Trim("0123456789!?@#$%^&*()_-+=.,;:*/\\'\"~`| ".ToCharArray());
        return core.Length > 0 && CommonPasswords.Contains(core);
    }

    private static HashSet<string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ReturnsPortal.Domain.Staff.CommonPasswords.txt")
            ?? throw new InvalidOperationException("The embedded common password list is missing.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var entry = line.Trim().ToLowerInvariant();
            if (entry.Length > 0 && !entry.StartsWith('#'))
            {
                set.Add(entry);
            }
        }
        return set;
    }
}
