using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace ReturnsPortal.Web.Pages.Manage;

/// <summary>
/// What an admin list page shows once after its post and redirect: a new secret (an API key, ADR 0070; a webhook
/// signing secret, ADR 0072) that is never stored in clear, and the message about what was done. Kept in TempData,
/// which is read once: reloading the page no longer shows the secret.
/// </summary>
public static class ShownOnce
{
    private const string SecretItem = "ShownOnce.Secret";
    private const string MessageItem = "ShownOnce.Message";

    public static (string? Secret, string? Message) Read(ITempDataDictionary temp)
    {
        ArgumentNullException.ThrowIfNull(temp);
        return (temp[SecretItem] as string, temp[MessageItem] as string);
    }

    /// <summary>Redirects to the page itself, which then shows <paramref name="message"/> (and <paramref name="secret"/>) once.</summary>
    public static IActionResult RedirectShowingOnce(this PageModel page, string message, string? secret = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (secret is not null)
        {
            page.TempData[SecretItem] = secret;
        }
        page.TempData[MessageItem] = message;
        return page.RedirectToPage();
    }
}
