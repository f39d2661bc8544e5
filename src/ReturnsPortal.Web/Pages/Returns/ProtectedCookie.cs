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
        response.Cookies.Append(name, protector.Protect(value, clock.GetUtcNow().Add(lifetime)), new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = response.HttpContext.Request.IsHttps,
            Path = path,
            MaxAge = lifetime,
        });
    }

    public string? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Cookies.TryGetValue(name, out var token) || string.IsNullOrEmpty(token))
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
}
