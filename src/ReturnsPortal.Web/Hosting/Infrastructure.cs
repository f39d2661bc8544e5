using System.Security.Claims;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Persistence;

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

/// <summary>Ready means the database answers.</summary>
public sealed class DatabaseHealthCheck(ReturnsDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database does not answer.");
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", ex);
        }
    }
}

/// <summary>
/// Nothing is loaded from outside the app and no inline script or style runs: a strict CSP, plus the usual
/// hardening headers.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "geolocation=(), microphone=()";
        return next(context);
    }
}

/// <summary>
/// Every log line of a request carries its RequestId, the same id the error page shows, so support can find the
/// log line of a failure from what the customer reads on screen.
/// </summary>
public sealed class CorrelationMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        using (Serilog.Context.LogContext.PushProperty("RequestId", context.TraceIdentifier))
        {
            await next(context);
        }
    }
}
