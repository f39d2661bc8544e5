using Microsoft.AspNetCore.Authorization;
using ReturnsPortal.Domain.Customers;

namespace ReturnsPortal.Web.Pages.Manage.Customers;

/// <summary>Admins type a customer's e-mail to open what is held about them (ADR 0127): a GET form, nothing changes.</summary>
[Authorize(Policy = AccessPolicies.Admin)]
public sealed class IndexModel(IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Email { get; set; }

    public IActionResult OnGet()
    {
        if (Email is null)
        {
            return Page();
        }
        if (CustomerPrivacy.Normalise(Email) is not { } email)
        {
            ModelState.AddModelError(nameof(Email), l["Customers.EmailInvalid"]);
            return Page();
        }
        return Redirect(CustomerModel.PathOf(email));
    }
}
