using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using ReturnsPortal.Web.Pages.Returns;

namespace ReturnsPortal.Web.Tests.Pages.Returns;

/// <summary>The customer's proof of an order or a return (<see cref="ProtectedCookie"/>): read back until it expires, never when forged.</summary>
public sealed class ProtectedCookieTests
{
    private static readonly IDataProtectionProvider Protection = new EphemeralDataProtectionProvider();

    [Fact]
    public void A_written_value_reads_back_until_its_lifetime_ends()
    {
        // Now, not a fixed date: the Data Protection key ring is created at the real time, and a payload dated before
        // its key's activation would not read back (this test failed on the day its fixed date fell before the run).
        var clock = new SettableClock(DateTimeOffset.UtcNow);
        var cookie = new ProtectedCookie(Protection, clock, "rp_test", "Tests.ProtectedCookie", "/returns", TimeSpan.FromHours(2));

        var token = Write(cookie, "RMA-2026-000123", out var setCookie);

        setCookie.ShouldContain("path=/returns");
        setCookie.ShouldContain("httponly");
        setCookie.ShouldContain("samesite=lax");
        cookie.Read(RequestWith("rp_test", token)).ShouldBe("RMA-2026-000123");
        clock.Now = clock.Now.AddHours(2).AddSeconds(1);
        cookie.Read(RequestWith("rp_test", token)).ShouldBeNull();
    }

    [Fact]
    public void A_forged_or_foreign_cookie_reads_as_nothing()
    {
        var clock = new SettableClock(DateTimeOffset.UtcNow);
        var orders = new ProtectedCookie(Protection, clock, "rp_test", "Tests.Orders", "/returns", TimeSpan.FromHours(2));
        var returns = new ProtectedCookie(Protection, clock, "rp_test", "Tests.Returns", "/returns", TimeSpan.FromHours(2));

        var token = Write(orders, "42", out _);

        returns.Read(RequestWith("rp_test", token)).ShouldBeNull("another purpose cannot read it");
        orders.Read(RequestWith("rp_test", token[..^2] + "xx")).ShouldBeNull();
        orders.Read(RequestWith("rp_other", token)).ShouldBeNull();
    }

    private static string Write(ProtectedCookie cookie, string value, out string setCookie)
    {
        var http = new DefaultHttpContext();
        cookie.Write(http.Response, value);
        setCookie = http.Response.Headers.SetCookie.ToString().ToLowerInvariant();
        var header = http.Response.Headers.SetCookie.ToString();
        return header[(header.IndexOf('=', StringComparison.Ordinal) + 1)..header.IndexOf(';', StringComparison.Ordinal)];
    }

    private static HttpRequest RequestWith(string name, string token)
    {
        var http = new DefaultHttpContext();
        http.Request.Headers.Cookie = $"{name}={token}";
        return http.Request;
    }

    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
