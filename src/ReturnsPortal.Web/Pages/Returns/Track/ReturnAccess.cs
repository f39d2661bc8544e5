using Microsoft.AspNetCore.DataProtection;

namespace ReturnsPortal.Web.Pages.Returns.Track;

/// <summary>
/// After proving RMA + email, a customer holds a signed, encrypted cookie that opens that one return for a limited
/// time. A visitor holding the order cookie (<see cref="CustomerOrderAccess"/>) of the return's order may see it too:
/// the start-a-return wizard links straight to the tracking and label pages.
/// </summary>
public sealed class ReturnAccess(IDataProtectionProvider protection, TimeProvider clock, CustomerOrderAccess orderAccess)
{
    public const string CookieName = "rp_return";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    private readonly ITimeLimitedDataProtector protector =
        protection.CreateProtector("ReturnsPortal.ReturnAccess").ToTimeLimitedDataProtector();

    public void Grant(HttpResponse response, string rma)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Append(CookieName, protector.Protect(rma, clock.GetUtcNow().Add(Lifetime)), new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = response.HttpContext.Request.IsHttps,
            Path = "/returns/track",
            MaxAge = Lifetime,
        });
    }

    /// <summary>True when this visitor proved this return, or holds the order cookie of its order.</summary>
    public bool Allows(HttpRequest request, string rma, int orderId)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Rma(request) == rma || orderAccess.OrderId(request) == orderId;
    }

    private string? Rma(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(CookieName, out var token) || string.IsNullOrEmpty(token))
        {
            return null;
        }
        try
        {
            var rma = protector.Unprotect(token, out var expiry);
            return expiry > clock.GetUtcNow() ? rma : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
