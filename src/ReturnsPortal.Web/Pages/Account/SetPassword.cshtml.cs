using Microsoft.AspNetCore.Identity;
using ReturnsPortal.Domain.Staff;
using ReturnsPortal.Web.Pages.Manage.Staff;

namespace ReturnsPortal.Web.Pages.Account;

/// <summary>
/// Where a one-time link leads (<c>admin create --link</c>, ADR 0107): the person chooses their own password and is
/// signed in. The link carries Identity's password-reset token (24 hours): setting the password changes the account's
/// security stamp, so the link works once.
/// </summary>
public sealed class SetPasswordModel(
    SignInManager<StaffUser> signIn, IValidator<SetPasswordModel.Input> validator, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Email { get; set; }
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public Input Form { get; set; } = new();

    /// <summary>False once the link is known to be incomplete, used or expired: the page then shows no form.</summary>
    public bool LinkUsable { get; private set; } = true;

    public IActionResult OnGet() => IsIncomplete ? LinkRefused() : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (IsIncomplete)
        {
            return LinkRefused();
        }
        if (!await validator.ValidateIntoAsync(Form, ModelState, nameof(Form), ct))
        {
            return Page();
        }
        var users = signIn.UserManager;
        if (await users.FindByEmailAsync(Email!.Trim()) is not { IsDisabled: false } user)
        {
            return LinkRefused();
        }
        var result = await users.ResetPasswordAsync(user, Token!, Form.Password!);
        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken)))
        {
            return LinkRefused();
        }
        if (!result.Succeeded)
        {
            ModelState.AddErrors(result, l, emailKey: string.Empty, passwordKey: $"{nameof(Form)}.{nameof(Input.Password)}");
            return Page();
        }
        await users.ResetAccessFailedCountAsync(user);
        await signIn.SignInAsync(user, isPersistent: false);
        return LocalRedirect("/staff");
    }

    private bool IsIncomplete => string.IsNullOrWhiteSpace(Email) || string.IsNullOrWhiteSpace(Token);

    /// <summary>Unknown e-mail, wrong, used or expired token: one answer, so the page tells nothing about accounts.</summary>
    private PageResult LinkRefused()
    {
        LinkUsable = false;
        ModelState.AddModelError(string.Empty, l["SetPassword.LinkInvalid"]);
        return new PageResult { StatusCode = StatusCodes.Status400BadRequest };
    }

    public sealed record Input
    {
        public string? Password { get; set; }
        public string? Confirmation { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<Input>
    {
        public InputValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(i => i.Password).NotEmpty().WithMessage(_ => l["Login.PasswordRequired"]);
            RuleFor(i => i.Confirmation).Equal(i => i.Password).When(i => !string.IsNullOrEmpty(i.Password))
                .WithMessage(_ => l["SetPassword.ConfirmationDiffers"]);
        }
    }
}
