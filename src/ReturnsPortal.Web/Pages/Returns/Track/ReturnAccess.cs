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

    private readonly ProtectedCookie cookie = new(protection, clock, CookieName, "ReturnsPortal.ReturnAccess", "/returns/track", Lifetime);

    public void Grant(HttpResponse response, string rma) => cookie.Write(response, rma);

    /// <summary>True when this visitor proved this return, or holds the order cookie of its order.</summary>
    public bool Allows(HttpRequest request, string rma, int orderId)
    {
        ArgumentNullException.ThrowIfNull(request);
        return cookie.Read(request) == rma || orderAccess.OrderId(request) == orderId;
    }
}
