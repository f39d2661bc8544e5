using Microsoft.AspNetCore.DataProtection;

namespace ReturnsPortal.Web.Pages.Returns;

/// <summary>
/// A customer has no account: after proving order number + email they hold a signed, encrypted cookie that
/// opens that one order for a limited time, and nothing else.
/// </summary>
public sealed class CustomerOrderAccess(IDataProtectionProvider protection, TimeProvider clock)
{
    public const string CookieName = "rp_order";
    private const string CookiePath = "/returns";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    private readonly ProtectedCookie cookie = new(protection, clock, CookieName, "ReturnsPortal.CustomerOrderAccess", CookiePath, Lifetime);

    public void Grant(HttpResponse response, int orderId) => cookie.Write(response, orderId.ToString(CultureInfo.InvariantCulture));

    /// <summary>The order this visitor may see, or null when the cookie is missing, forged or expired.</summary>
    public int? OrderId(HttpRequest request) =>
        int.TryParse(cookie.Read(request), CultureInfo.InvariantCulture, out var id) ? id : null;

    public static void Revoke(HttpResponse response)
    {
        if (response is not null)
        {
            ProtectedCookie.Delete(response, CookieName, CookiePath);
        }
    }
}
