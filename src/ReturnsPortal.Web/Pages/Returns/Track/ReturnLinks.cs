using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace ReturnsPortal.Web.Pages.Returns.Track;

/// <summary>
/// Signed, expiring links in our e-mails to the order's address (ADR 0092): the tracking link opens the return and the
/// label link downloads the label, without typing the RMA and the e-mail again. The token holds the RMA, encrypted and
/// signed for this purpose only, so it opens that one return and nothing else.
/// </summary>
public sealed class ReturnLinks(IDataProtectionProvider protection, TimeProvider clock)
{
    /// <summary>The query parameter carrying the token.</summary>
    public const string QueryName = "t";

    /// <summary>Long enough for the whole life of a return (label, transit, inspection, refund); see ADR 0092.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    // The purpose keeps these tokens apart from the access cookie's and from any other protected data.
    private readonly ITimeLimitedDataProtector protector =
        protection.CreateProtector("ReturnsPortal.ReturnEmailLink.v1").ToTimeLimitedDataProtector();

    public string Token(string rma)
    {
        ArgumentNullException.ThrowIfNull(rma);
        return protector.Protect(rma, clock.GetUtcNow().Add(Lifetime));
    }

    /// <summary>The tracking page's address under <paramref name="baseUrl"/>, with a token.</summary>
    public string TrackUrl(Uri baseUrl, string rma) =>
        new Uri(baseUrl, $"returns/track/{Uri.EscapeDataString(rma)}?{QueryName}={Uri.EscapeDataString(Token(rma))}").AbsoluteUri;

    /// <summary>The label PDF's address under <paramref name="baseUrl"/>, with a token.</summary>
    public string LabelUrl(Uri baseUrl, string rma) =>
        new Uri(baseUrl, $"returns/track/{Uri.EscapeDataString(rma)}/label?{QueryName}={Uri.EscapeDataString(Token(rma))}").AbsoluteUri;

    /// <summary>True when the token is ours, unexpired, and was issued for this RMA.</summary>
    public bool Verify(string? token, string rma)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000)
        {
            return false;
        }
        try
        {
            var issuedFor = protector.Unprotect(token, out var expiry);
            // The protector checks the system clock; the injected one decides too, so that tests and a shifted clock agree.
            return expiry > clock.GetUtcNow() && string.Equals(issuedFor, rma, StringComparison.Ordinal);
        }
        catch (CryptographicException)
        {
            return false;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
