using System.Globalization;
using Microsoft.AspNetCore.DataProtection;

namespace ReturnsPortal.Web.Pages.Returns;

/// <summary>
/// A customer has no account: after proving order number + email they hold a signed, encrypted cookie that
/// opens that one order for a limited time, and nothing else.
/// </summary>
public sealed class CustomerOrderAccess(IDataProtectionProvider protection, TimeProvider clock)
{
    public const string CookieName = "rp_order";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    private readonly ITimeLimitedDataProtector protector =
        protection.CreateProtector("ReturnsPortal.CustomerOrderAccess").ToTimeLimitedDataProtector();

    public void Grant(HttpResponse response, int orderId)
    {
        ArgumentNullException.ThrowIfNull(response);
        var token = protector.Protect(orderId.ToString(CultureInfo.InvariantCulture), clock.GetUtcNow().Add(Lifetime));
        response.Cookies.Append(CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = response.HttpContext.Request.IsHttps,
            Path = "/returns",
            MaxAge = Lifetime,
        });
    }

    /// <summary>The order this visitor may see, or null when the cookie is missing, forged or expired.</summary>
    public int? OrderId(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Cookies.TryGetValue(CookieName, out var token) || string.IsNullOrEmpty(token))
        {
            return null;
        }
        try
        {
            var text = protector.Unprotect(token, out var expiry);
            return expiry > clock.GetUtcNow() && int.TryParse(text, CultureInfo.InvariantCulture, out var id) ? id : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    public static void Revoke(HttpResponse response) =>
        response?.Cookies.Delete(CookieName, new CookieOptions { Path = "/returns" });
}
