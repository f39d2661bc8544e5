using Microsoft.AspNetCore.Identity;
using ReturnsPortal.Domain.Staff;

namespace ReturnsPortal.Web.Pages.Account;

/// <summary>Staff sign-in; accounts come from an admin, never from self-registration. Five failures lock for 15 minutes.</summary>
public sealed class LoginModel(
    SignInManager<StaffUser> signIn, IValidator<LoginModel.Input> validator, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty] public Input Form { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await validator.ValidateIntoAsync(Form, ModelState, nameof(Form), ct))
        {
            return Page();
        }
        var user = await signIn.UserManager.FindByEmailAsync(Form.Email!.Trim());
        if (user is null || user.IsDisabled)
        {
            ModelState.AddModelError(string.Empty, l["Login.Failed"]);
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(user, Form.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            ModelState.AddModelError(string.Empty, l["Login.LockedOut"]);
            return Page();
        }
        if (!result.Succeeded)
        {
            ModelState.AddModelError(string.Empty, l["Login.Failed"]);
            return Page();
        }
        return LocalRedirect(MalformedRequests.LocalTarget(Url, ReturnUrl, await HomeOfAsync(user)));
    }

    /// <summary>Where a sign-in without a return URL lands: Finance sees only the finance queue (ADR 0118), the others the warehouse queue.</summary>
    private async Task<string> HomeOfAsync(StaffUser user)
    {
        var roles = await signIn.UserManager.GetRolesAsync(user);
        return roles.Contains(StaffRoles.Finance) && !roles.Any(StaffRoles.Warehouse.Contains) ? "/staff/refunds" : "/staff";
    }

    public sealed record Input
    {
        public string? Email { get; set; }
        public string? Password { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<Input>
    {
        public InputValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(i => i.Email).NotEmpty().WithMessage(_ => l["Login.EmailRequired"]);
            RuleFor(i => i.Password).NotEmpty().WithMessage(_ => l["Login.PasswordRequired"]);
        }
    }
}
