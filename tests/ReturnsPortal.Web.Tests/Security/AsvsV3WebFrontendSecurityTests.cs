using System.Net;
using ReturnsPortal.Web.Tests.Hosting;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Security;

/// <summary>OWASP ASVS 5.0 chapter V3, Web Frontend Security: what every browser response carries (issue 19 item 8).</summary>
public sealed class AsvsV3WebFrontendSecurityTests(ProxyTests.StagingProxyPortalFactory factory) : IClassFixture<ProxyTests.StagingProxyPortalFactory>
{
    /// <summary>3.3.1 / 3.3.3 / 3.3.4: session cookies are Secure, __Host- prefixed and HttpOnly.</summary>
    [Fact]
    [Trait("ASVS", "5.0 V3.3.1")]
    [Trait("ASVS", "5.0 V3.3.3")]
    [Trait("ASVS", "5.0 V3.3.4")]
    public async Task The_staff_session_cookie_is_secure_host_prefixed_http_only_and_same_site()
    {
        using var client = ProxyTests.ClientBehind(factory, ProxyPeers.KnownProxy, forwardedProto: "https");
        using var form = await client.GetAsync(new Uri("/account/login", UriKind.Relative));
        ProxyTests.KeepCookies(client, form);

        using var signedIn = await client.PostLoginAsync("agent@example.fr", StaffLogin.DemoPassword);

        var staff = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-rp_staff=", StringComparison.Ordinal));
        staff.ShouldContain("; secure", Case.Insensitive);
        staff.ShouldContain("; httponly", Case.Insensitive);
        staff.ShouldContain("; samesite=", Case.Insensitive);
        staff.ShouldNotContain("domain=", Case.Insensitive);
    }

    /// <summary>3.4.1: HSTS of at least a year on https responses.</summary>
    [Fact]
    [Trait("ASVS", "5.0 V3.4.1")]
    public async Task Https_responses_carry_hsts_of_at_least_one_year()
    {
        using var client = ProxyTests.ClientBehind(factory, ProxyPeers.KnownProxy, forwardedProto: "https");
        using var response = await client.GetAsync(new Uri("/returns", UriKind.Relative));

        var hsts = response.Headers.GetValues("Strict-Transport-Security").Single();
        int.Parse(hsts.Split(';')[0].Split('=')[1], System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(365 * 24 * 3600);
    }

    /// <summary>3.4.3 / 3.4.4 / 3.4.5 / 3.4.6: CSP with object-src and base-uri 'none' and frame-ancestors, nosniff, a referrer policy, on pages, the API and error answers.</summary>
    [Theory]
    [Trait("ASVS", "5.0 V3.4.3")]
    [Trait("ASVS", "5.0 V3.4.4")]
    [Trait("ASVS", "5.0 V3.4.5")]
    [Trait("ASVS", "5.0 V3.4.6")]
    [InlineData("/returns")]
    [InlineData("/no-such-page")]
    [InlineData("/api/v1/reasons")]
    public async Task Every_response_carries_the_browser_security_headers(string path)
    {
        using var client = ProxyTests.ClientBehind(factory, ProxyPeers.KnownProxy, forwardedProto: "https");
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.ShouldContain("object-src 'none'");
        csp.ShouldContain("base-uri 'none'");
        csp.ShouldContain("frame-ancestors 'none'");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("same-origin");
    }

    /// <summary>3.5.1: a state-changing form post without the anti-forgery token is refused.</summary>
    [Fact]
    [Trait("ASVS", "5.0 V3.5.1")]
    public async Task A_form_post_without_the_anti_forgery_token_is_refused()
    {
        using var client = ProxyTests.ClientBehind(factory, ProxyPeers.KnownProxy, forwardedProto: "https");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Form.OrderNumber"] = "DEMO-1001", ["Form.Email"] = "client@example.fr" });

        using var response = await client.PostAsync(new Uri("/returns", UriKind.Relative), content);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    /// <summary>3.7.2: the language switch and sign-in only redirect to the application's own addresses.</summary>
    [Theory]
    [Trait("ASVS", "5.0 V3.7.2")]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task Sign_in_never_redirects_off_site(string returnUrl)
    {
        using var client = ProxyTests.ClientBehind(factory, ProxyPeers.KnownProxy, forwardedProto: "https");
        using var form = await client.GetAsync(new Uri("/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl), UriKind.Relative));
        ProxyTests.KeepCookies(client, form);
        var page = await form.ReadDocumentAsync();

        using var response = await client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Form.Email"] = "agent@example.fr",
            ["Form.Password"] = StaffLogin.DemoPassword,
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldStartWith("/");
        response.Headers.Location.OriginalString.ShouldNotStartWith("//");
        response.Headers.Location.OriginalString.ShouldNotStartWith("/\\");
    }
}
