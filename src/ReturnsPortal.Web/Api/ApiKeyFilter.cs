using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Persistence;

namespace ReturnsPortal.Web.Api;

/// <summary>
/// Lets a request through only with an <c>X-Api-Key</c> whose SHA-256 hash is a live key holding the scope;
/// 401 or 403 problem details otherwise. The key itself is never stored or logged. A known key is also counted
/// against its own rate limit (429) and its last use is stamped, at most once a minute (ADR 0070).
/// </summary>
public sealed class ApiKeyFilter(string scope) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var presented = http.Request.Headers[HeaderName].ToString().Trim();
        if (presented.Length == 0)
        {
            return Unauthorized(http, l["Api.KeyMissing"]);
        }
        var hash = ApiKey.Hash(presented);
        var db = http.RequestServices.GetRequiredService<ReturnsDbContext>();
        var key = await db.ApiKeys.AsNoTracking()
            .Where(k => k.KeyHash == hash && k.RevokedAt == null)
            .Select(k => new { k.Id, k.Scopes, k.LastUsedAt })
            .SingleOrDefaultAsync(http.RequestAborted);
        if (key is null)
        {
            return Unauthorized(http, l["Api.KeyInvalid"]);
        }
        var (allowed, retryAfter) = http.RequestServices.GetRequiredService<ApiKeyRateLimiter>().TryAcquire(key.Id);
        if (!allowed)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return Results.Problem(
                statusCode: StatusCodes.Status429TooManyRequests, title: l["RateLimit.Title"],
                detail: string.Format(CultureInfo.CurrentCulture, l["ApiKeys.RateLimited"], seconds));
        }
        await StampLastUseAsync(db, key.Id, key.LastUsedAt, http);
        if (!key.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(scope, StringComparer.Ordinal))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden, title: l["Api.ForbiddenTitle"],
                detail: string.Format(CultureInfo.CurrentCulture, l["Api.ScopeMissing"], scope));
        }
        return await next(context);
    }

    // One write per key per minute at most: "last used" is for people, not an audit log.
    private static async Task StampLastUseAsync(ReturnsDbContext db, int keyId, DateTime? lastUsedAt, HttpContext http)
    {
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var stale = now.AddMinutes(-1);
        if (lastUsedAt is null || lastUsedAt < stale)
        {
            await db.ApiKeys.Where(k => k.Id == keyId && (k.LastUsedAt == null || k.LastUsedAt < stale))
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), http.RequestAborted);
        }
    }

    private static IResult Unauthorized(HttpContext http, string detail)
    {
        http.Response.Headers[HeaderNames.WWWAuthenticate] = HeaderName;
        var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: l["Api.UnauthorizedTitle"], detail: detail);
    }
}

/// <summary>
/// The API answers in the language the client asks for with <c>Accept-Language</c> (French or English), else the
/// portal's default; pages keep their own choice (ADR 0004).
/// </summary>
public sealed class ApiLanguageFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var wanted = context.HttpContext.Request.GetTypedHeaders().AcceptLanguage
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => l.Value.Value?.Split('-')[0].ToLowerInvariant())
            .FirstOrDefault(l => l is "fr" or "en");
        if (wanted is not null)
        {
            var culture = Hosting.PortalSetup.SupportedCultures.First(c => Domain.Common.ShopLanguage.CodeOf(c) == wanted);
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
        }
        return await next(context);
    }
}
