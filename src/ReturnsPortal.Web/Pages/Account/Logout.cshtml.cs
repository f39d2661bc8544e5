using Microsoft.AspNetCore.Identity;
using ReturnsPortal.Domain.Staff;

namespace ReturnsPortal.Web.Pages.Account;

public sealed class LogoutModel(SignInManager<StaffUser> signIn) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return LocalRedirect("/");
    }
}
