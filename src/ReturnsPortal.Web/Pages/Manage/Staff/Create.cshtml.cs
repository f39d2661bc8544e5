using Microsoft.AspNetCore.Identity;
using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Domain.Staff;

namespace ReturnsPortal.Web.Pages.Manage.Staff;

/// <summary>
/// An admin creates a staff account (there is no self-registration). The admin types an initial password, or
/// leaves it empty and gets a generated one shown once (docs/decisions/0014-staff-accounts.md).
/// </summary>
public sealed class CreateStaffModel(
    UserManager<StaffUser> users, IValidator<CreateStaffModel.Input> validator, IStringLocalizer<SharedResource> l,
    ILogger<CreateStaffModel> logger) : PageModel
{
    [BindProperty] public Input Form { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await validator.ValidateIntoAsync(Form, ModelState, nameof(Form), ct))
        {
            return Page();
        }
        var email = Form.Email!.Trim();
        var generated = string.IsNullOrEmpty(Form.Password);
        var password = generated ? StaffPasswords.Generate() : Form.Password!;
        var user = new StaffUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = Form.DisplayName!.Trim() };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            ModelState.AddErrors(created, l, $"{nameof(Form)}.{nameof(Input.Email)}", $"{nameof(Form)}.{nameof(Input.Password)}");
            return Page();
        }
        var role = await users.AddToRoleAsync(user, Form.Role!);
        if (!role.Succeeded)
        {
            throw new InvalidOperationException($"Role {Form.Role} could not be given: {string.Join(", ", role.Errors.Select(e => e.Code))}");
        }
        logger.LogInformation("Staff account {StaffId} created with role {Role} by {AdminId}", user.Id, Form.Role, users.GetUserId(User));
        if (generated)
        {
            TempData[StaffAccounts.OneTimePasswordKey] = password;
        }
        TempData[StaffAccounts.MessageKey] = l["Staff.Created"].Value;
        return RedirectToPage("Edit", new { id = user.Id });
    }

    public sealed record Input
    {
        public string? Email { get; set; }
        public string? DisplayName { get; set; }
        public string? Role { get; set; }
        /// <summary>Empty: a one-time password is generated and shown once.</summary>
        public string? Password { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<Input>
    {
        public InputValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(i => i.Email).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage(_ => l["Staff.EmailRequired"])
                .MaximumLength(Customer.EmailLength).WithMessage(_ => l["Staff.EmailInvalid"])
                .EmailAddress().WithMessage(_ => l["Staff.EmailInvalid"]);
            RuleFor(i => i.DisplayName).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage(_ => l["Staff.NameRequired"])
                .MaximumLength(StaffUser.DisplayNameLength).WithMessage(_ => l["Staff.NameTooLong", StaffUser.DisplayNameLength]);
            RuleFor(i => i.Role).Must(r => r is not null && StaffRoles.All.Contains(r)).WithMessage(_ => l["Staff.RoleRequired"]);
            RuleFor(i => i.Password).MinimumLength(12).WithMessage(_ => l["Staff.PasswordTooShort"])
                .When(i => !string.IsNullOrEmpty(i.Password));
        }
    }
}
