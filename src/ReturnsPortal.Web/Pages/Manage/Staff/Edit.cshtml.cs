using Microsoft.AspNetCore.Identity;
using ReturnsPortal.Domain.Staff;

namespace ReturnsPortal.Web.Pages.Manage.Staff;

/// <summary>
/// One staff account: change its role, disable or re-enable it, reset its password. Disabling and resetting
/// renew the security stamp, so the account's open sessions end at their next check (Staff:SessionValidationInterval).
/// An admin cannot disable or demote their own account: the shop must never lose its last admin by mistake.
/// Actions are logged with account ids, never emails (GDPR: no personal data in logs).
/// </summary>
public sealed class EditStaffModel(
    ReturnsDbContext db, UserManager<StaffUser> users, TimeProvider clock, IValidator<EditStaffModel.PasswordInput> passwordValidator,
    IStringLocalizer<SharedResource> l, ILogger<EditStaffModel> logger) : PageModel
{
    public StaffAccounts.Account Account { get; private set; } = null!;
    public DateTimeOffset Now { get; private set; }
    public bool IsSelf { get; private set; }
    public string? OneTimePassword { get; private set; }

    [BindProperty] public string? Role { get; set; }
    [BindProperty] public PasswordInput Reset { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Role = Account.Role;
        OneTimePassword = TempData[StaffAccounts.OneTimePasswordKey] as string;
        return Page();
    }

    public async Task<IActionResult> OnPostRoleAsync(string id, CancellationToken ct)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return NotFound();
        }
        if (Role is null || !StaffRoles.All.Contains(Role))
        {
            ModelState.AddModelError(nameof(Role), l["Staff.RoleRequired"]);
        }
        else if (IsCurrentUser(user))
        {
            ModelState.AddModelError(nameof(Role), l["Staff.NotYourself"]);
        }
        if (!ModelState.IsValid)
        {
            return await RedisplayAsync(id, ct);
        }
        Check(await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user)));
        Check(await users.AddToRoleAsync(user, Role!));
        // The role travels in the cookie: a new stamp makes the next check sign the person in again with the new role.
        Check(await users.UpdateSecurityStampAsync(user));
        logger.LogInformation("Staff account {StaffId} given role {Role} by {AdminId}", user.Id, Role, users.GetUserId(User));
        return Done(id, "Staff.RoleChanged");
    }

    public async Task<IActionResult> OnPostDisableAsync(string id, CancellationToken ct)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return NotFound();
        }
        if (IsCurrentUser(user))
        {
            ModelState.AddModelError(string.Empty, l["Staff.NotYourself"]);
            return await RedisplayAsync(id, ct);
        }
        user.IsDisabled = true;
        Check(await users.UpdateAsync(user));
        Check(await users.UpdateSecurityStampAsync(user));
        logger.LogInformation("Staff account {StaffId} disabled by {AdminId}", user.Id, users.GetUserId(User));
        return Done(id, "Staff.DisabledDone");
    }

    public async Task<IActionResult> OnPostEnableAsync(string id)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return NotFound();
        }
        user.IsDisabled = false;
        Check(await users.UpdateAsync(user));
        Check(await users.SetLockoutEndDateAsync(user, null));
        Check(await users.ResetAccessFailedCountAsync(user));
        logger.LogInformation("Staff account {StaffId} re-enabled by {AdminId}", user.Id, users.GetUserId(User));
        return Done(id, "Staff.EnabledDone");
    }

    public async Task<IActionResult> OnPostResetAsync(string id, CancellationToken ct)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return NotFound();
        }
        if (!await passwordValidator.ValidateIntoAsync(Reset, ModelState, nameof(Reset), ct))
        {
            return await RedisplayAsync(id, ct);
        }
        var generated = string.IsNullOrEmpty(Reset.Password);
        var password = generated ? StaffPasswords.Generate() : Reset.Password!;
        // The reset token path validates the password and renews the security stamp (open sessions end).
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, password);
        if (!result.Succeeded)
        {
            ModelState.AddErrors(result, l, string.Empty, $"{nameof(Reset)}.{nameof(PasswordInput.Password)}");
            return await RedisplayAsync(id, ct);
        }
        Check(await users.SetLockoutEndDateAsync(user, null));
        Check(await users.ResetAccessFailedCountAsync(user));
        logger.LogInformation("Staff account {StaffId} password reset by {AdminId}", user.Id, users.GetUserId(User));
        if (generated)
        {
            TempData[StaffAccounts.OneTimePasswordKey] = password;
        }
        return Done(id, "Staff.PasswordReset");
    }

    private bool IsCurrentUser(StaffUser user) => user.Id == users.GetUserId(User);

    private RedirectToPageResult Done(string id, string messageKey)
    {
        TempData[StaffAccounts.MessageKey] = l[messageKey].Value;
        return RedirectToPage(new { id });
    }

    private async Task<IActionResult> RedisplayAsync(string id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        var account = await db.Users.Where(u => u.Id == id).Accounts(db).SingleOrDefaultAsync(ct);
        if (account is null)
        {
            return false;
        }
        Account = account;
        Now = clock.GetUtcNow();
        IsSelf = account.Id == users.GetUserId(User);
        return true;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Identity refused: {string.Join(", ", result.Errors.Select(e => e.Code))}");
        }
    }

    public sealed record PasswordInput
    {
        /// <summary>Empty: a one-time password is generated and shown once.</summary>
        public string? Password { get; set; }
    }

    public sealed class PasswordInputValidator : AbstractValidator<PasswordInput>
    {
        public PasswordInputValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(i => i.Password).MinimumLength(12).WithMessage(_ => l["Staff.PasswordTooShort"])
                .When(i => !string.IsNullOrEmpty(i.Password));
        }
    }
}
