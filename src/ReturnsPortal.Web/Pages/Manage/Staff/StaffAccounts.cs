using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using ReturnsPortal.Domain.Staff;

namespace ReturnsPortal.Web.Pages.Manage.Staff;

/// <summary>What the staff pages share: reading an account with its role, and Identity's errors in the visitor's language.</summary>
public static class StaffAccounts
{
    /// <summary>TempData key of a generated password: shown once on the next page, then gone.</summary>
    public const string OneTimePasswordKey = "Staff.OneTimePassword";
    public const string MessageKey = "Staff.Message";

    /// <summary>Projects accounts with their role; filter and sort the users before calling it.</summary>
    public static IQueryable<Account> Accounts(this IQueryable<StaffUser> users, ReturnsDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return users.AsNoTracking().Select(u => new Account(
            u.Id,
            u.Email ?? "",
            u.DisplayName,
            db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).FirstOrDefault(),
            u.IsDisabled,
            u.LockoutEnd));
    }

    /// <summary>Puts Identity's refusals next to the field they concern, in French or English.</summary>
    public static void AddErrors(this ModelStateDictionary modelState, IdentityResult result, IStringLocalizer<SharedResource> l, string emailKey, string passwordKey)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(l);
        foreach (var error in result.Errors)
        {
            var (key, message) = error.Code switch
            {
                nameof(IdentityErrorDescriber.PasswordTooShort) => (passwordKey, l["Staff.PasswordTooShort"]),
                CommonPasswordValidator.CommonCode => (passwordKey, l["Staff.PasswordCommon"]),
                CommonPasswordValidator.ContainsEmailCode => (passwordKey, l["Staff.PasswordContainsEmail"]),
                nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName) => (emailKey, l["Staff.EmailTaken"]),
                nameof(IdentityErrorDescriber.InvalidEmail) or nameof(IdentityErrorDescriber.InvalidUserName) => (emailKey, l["Staff.EmailInvalid"]),
                _ => (string.Empty, l["Staff.Failed", error.Code]),
            };
            if (!modelState.TryGetValue(key, out var entry) || entry.Errors.All(e => e.ErrorMessage != message))
            {
                modelState.AddModelError(key, message);
            }
        }
    }

    public sealed record Account(string Id, string Email, string DisplayName, string? Role, bool IsDisabled, DateTimeOffset? LockoutEnd)
    {
        public bool IsLockedOut(DateTimeOffset now) => LockoutEnd is { } end && end > now;
    }
}
