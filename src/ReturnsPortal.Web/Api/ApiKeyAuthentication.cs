using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;
using ReturnsPortal.Domain.Integrations;

namespace ReturnsPortal.Web.Api;

/// <summary>Names shared by the API-key scheme, its policies and the per-key rate limit (ADR 0099).</summary>
public static class ApiKeyDefaults
{
    public const string Scheme = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    /// <summary>The policy of the whole /api/v1 group: a live key, whatever its scopes.</summary>
    public const string Policy = "api-key";

    /// <summary>Claim with the key's database id: the rate limiter's partition.</summary>
    public const string KeyIdClaim = "api_key_id";

    /// <summary>One claim per scope the key holds; each scope in <see cref="ApiScopes"/> is a policy of the same name.</summary>
    public const string ScopeClaim = "scope";

    internal const string MissingScopeItem = "api.scope";

    /// <summary>The key id of a request authenticated by this scheme, or null (staff cookie, anonymous).</summary>
    public static int? KeyId(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var claim = user.Identities.FirstOrDefault(i => i.AuthenticationType == Scheme)?.FindFirst(KeyIdClaim);
        return claim is not null && int.TryParse(claim.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    /// <summary>The API-key scheme (never the default: staff pages use Identity cookies) and one policy per scope.</summary>
    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(Scheme, null);
        var policies = services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        foreach (var scope in ApiScopes.All)
        {
            policies.AddPolicy(scope, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireClaim(ScopeClaim, scope));
        }
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiAuthorizationResultHandler>();
        return services;
    }
}

/// <summary>
/// Authenticates an <c>X-Api-Key</c> whose SHA-256 hash is a live key; the key itself is never stored or logged.
/// 401 and 403 answer RFC 9457 problem details in the client's language. A known key's last use is stamped, at most
/// once a minute (ADR 0070).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ReturnsDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> l)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented();
        if (presented.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }
        var hash = ApiKey.Hash(presented);
        var key = await db.ApiKeys.AsNoTracking()
            .Where(k => k.KeyHash == hash && k.RevokedAt == null)
            .Select(k => new { k.Id, k.Scopes, k.LastUsedAt })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }
        await StampLastUseAsync(key.Id, key.LastUsedAt);
        var claims = key.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => new Claim(ApiKeyDefaults.ScopeClaim, s))
            .Prepend(new Claim(ApiKeyDefaults.KeyIdClaim, key.Id.ToString(CultureInfo.InvariantCulture)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        ApiLanguageFilter.Apply(Context);
        Response.Headers.WWWAuthenticate = ApiKeyDefaults.HeaderName;
        var detail = Presented().Length == 0 ? l["Api.KeyMissing"] : l["Api.KeyInvalid"];
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: l["Api.UnauthorizedTitle"], detail: detail)
            .ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        ApiLanguageFilter.Apply(Context);
        var scope = properties.Items.TryGetValue(ApiKeyDefaults.MissingScopeItem, out var s) ? s : null;
        return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden, title: l["Api.ForbiddenTitle"],
                detail: string.Format(CultureInfo.CurrentCulture, l["Api.ScopeMissing"], scope))
            .ExecuteAsync(Context);
    }

    private string Presented() => Request.Headers[ApiKeyDefaults.HeaderName].ToString().Trim();

    // One write per key per minute at most: "last used" is for people, not an audit log.
    private async Task StampLastUseAsync(int keyId, DateTime? lastUsedAt)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var stale = now.AddMinutes(-1);
        if (lastUsedAt is null || lastUsedAt < stale)
        {
            await db.ApiKeys.Where(k => k.Id == keyId && (k.LastUsedAt == null || k.LastUsedAt < stale))
                .ExecuteUpdateAsync(x => x.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
        }
    }
}

/// <summary>
/// A 403 of an API-key policy names the scope that was missing: the default handler forbids without saying which
/// requirement failed, so this one passes the scope to the scheme. Everything else (staff pages) is unchanged.
/// </summary>
public sealed class ApiAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Forbidden && policy.AuthenticationSchemes.Contains(ApiKeyDefaults.Scheme))
        {
            var scope = authorizeResult.AuthorizationFailure?.FailedRequirements
                .OfType<ClaimsAuthorizationRequirement>()
                .Where(r => r.ClaimType == ApiKeyDefaults.ScopeClaim)
                .SelectMany(r => r.AllowedValues ?? [])
                .FirstOrDefault();
            var properties = new AuthenticationProperties();
            properties.Items[ApiKeyDefaults.MissingScopeItem] = scope;
            return context.ForbidAsync(ApiKeyDefaults.Scheme, properties);
        }
        return fallback.HandleAsync(next, context, policy, authorizeResult);
    }
}
