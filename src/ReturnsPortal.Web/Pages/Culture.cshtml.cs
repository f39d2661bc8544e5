using Microsoft.AspNetCore.Localization;

namespace ReturnsPortal.Web.Pages;

/// <summary>The language switch: remembers the choice for a year and goes back to the page the visitor was on.</summary>
public sealed class CultureModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public IActionResult OnPost(string? culture, string? returnUrl)
    {
        var chosen = PortalSetup.SupportedCultures.FirstOrDefault(c => c.Name.Equals(culture, StringComparison.OrdinalIgnoreCase));
        if (chosen is not null)
        {
            Response.Cookies.Append(
                // Under the same (prefixed outside Development) name the localization middleware reads (PortalSetup).
                CookieNames.Of(HttpContext).For(CookieRequestCultureProvider.DefaultCookieName),
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
        }
        return LocalRedirect(MalformedRequests.LocalTarget(Url, returnUrl, "/"));
    }
}
