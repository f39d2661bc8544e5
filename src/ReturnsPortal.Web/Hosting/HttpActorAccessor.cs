using System.Security.Claims;

namespace ReturnsPortal.Web.Hosting;

/// <summary>The actor stamped on audited rows: the signed-in staff member, else "customer" on customer pages, else the system.</summary>
public sealed class HttpActorAccessor(IHttpContextAccessor http) : IActorAccessor
{
    public string CurrentActor
    {
        get
        {
            var context = http.HttpContext;
            if (context is null)
            {
                return SystemActor.Name;
            }
            var user = context.User;
            return user.Identity?.IsAuthenticated == true
                ? user.FindFirstValue(ClaimTypes.Email) ?? user.Identity.Name ?? "staff"
                : "customer";
        }
    }
}
