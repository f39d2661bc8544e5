using Microsoft.AspNetCore.DataProtection;

namespace ReturnsPortal.Web.Pages.Returns;

/// <summary>
/// A signed, encrypted cookie that holds one value for a limited time: how a customer without an account keeps the
/// proof of an order (<see cref="CustomerOrderAccess"/>) or of a return (<see cref="Track.ReturnAccess"/>). A missing,
/// forged or expired cookie reads as null.
/// </summary>
public sealed class ProtectedCookie(IDataProtectionProvider protection, TimeProvider clock, string name, string purpose, string path, TimeSpan lifetime)
{
    private readonly ITimeLimitedDataProtector protector = protection.CreateProtector(purpose).ToTimeLimitedDataProtector();

    public void Write(HttpResponse response, string value)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Append(NameIn(response.HttpContext, name, path), protector.Protect(value, clock.GetUtcNow().Add(lifetime)), new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = response.HttpContext.Request.IsHttps || CookieNames.Of(response.HttpContext).Secure,
            Path = path,
            MaxAge = lifetime,
        });
    }

    public string? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Cookies.TryGetValue(NameIn(request.HttpContext, name, path), out var token) || string.IsNullOrEmpty(token))
        {
            return null;
        }
        try
        {
            var value = protector.Unprotect(token, out var expiry);
            return expiry > clock.GetUtcNow() ? value : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Removes the cookie <paramref name="name"/> on <paramref name="path"/> (under its prefixed name outside Development).</summary>
    public static void Delete(HttpResponse response, string name, string path)
    {
        ArgumentNullException.ThrowIfNull(response);
        var names = CookieNames.Of(response.HttpContext);
        // A prefixed cookie is replaced only by a Secure one, removal included.
        response.Cookies.Delete(names.For(name, path), new CookieOptions { Path = path, Secure = names.Secure || response.HttpContext.Request.IsHttps });
    }

    // Outside Development the name carries its browser-enforced prefix (__Secure- for a path-scoped cookie, ADR 0108).
    private static string NameIn(HttpContext http, string name, string path) => CookieNames.Of(http).For(name, path);
}
