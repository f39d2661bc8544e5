namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// Outside Development every cookie is Secure (the site is HTTPS, at the proxy), so names carry the prefixes browsers
/// enforce (ADR 0108): <c>__Host-</c> for a site-wide cookie (Secure, Path=/, no Domain: it cannot be set by a
/// sibling sub-domain or over HTTP), <c>__Secure-</c> for a cookie kept to one path. Development keeps plain names so
/// <c>dotnet run</c> over http works (browsers refuse prefixed cookies that are not Secure).
/// </summary>
public sealed class CookieNames(bool secure)
{
    public static readonly CookieNames Plain = new(secure: false);

    public bool Secure { get; } = secure;

    /// <summary>The name for a cookie on <paramref name="path"/>: <c>__Host-</c> for "/", otherwise <c>__Secure-</c>.</summary>
    public string For(string name, string path = "/") =>
        !Secure ? name
        : path == "/" ? "__Host-" + name
        : "__Secure-" + name;

    /// <summary>The names of this app (a context without the portal's services, as in unit tests, gets plain names).</summary>
    public static CookieNames Of(HttpContext http) =>
        http?.RequestServices?.GetService<CookieNames>() ?? Plain;
}
