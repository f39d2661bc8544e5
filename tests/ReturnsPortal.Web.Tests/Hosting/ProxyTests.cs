using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Tests.Infrastructure;
using Serilog.Core;
using Serilog.Events;

namespace ReturnsPortal.Web.Tests.Hosting;

/// <summary>
/// Behind a TLS proxy (ADR 0108), outside Development: X-Forwarded-Proto from a configured proxy makes the request
/// HTTPS (Secure, prefixed cookies; HSTS); the same header from any other address is ignored (redirect to https).
/// The forwarded-headers logic does not touch the database: SQLite only.
/// </summary>
public sealed class ProxyTests(ProxyTests.StagingProxyPortalFactory factory) : IClassFixture<ProxyTests.StagingProxyPortalFactory>
{
    private const string PublicHost = "retours.example.fr";

    [Theory]
    [InlineData(ProxyPeers.KnownProxy)]
    [InlineData(ProxyPeers.InKnownNetwork)]
    public async Task Https_forwarded_by_a_known_proxy_gives_hsts_and_secure_host_prefixed_cookies(string proxy)
    {
        using var client = ClientBehind(proxy, forwardedProto: "https");

        using var page = await client.GetAsync(new Uri("/returns", UriKind.Relative));

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Headers.GetValues("Strict-Transport-Security").Single().ShouldBe("max-age=31536000");
        var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-rp_antiforgery=", StringComparison.Ordinal));
        antiforgery.ShouldContain("; secure", Case.Insensitive);
        antiforgery.ShouldContain("; path=/", Case.Insensitive);
    }

    [Fact]
    public async Task Https_claimed_by_an_unknown_address_is_ignored_and_the_visitor_is_sent_to_https()
    {
        using var client = ClientBehind(ProxyPeers.Stranger, forwardedProto: "https");

        using var page = await client.GetAsync(new Uri("/returns", UriKind.Relative));

        page.StatusCode.ShouldBe(HttpStatusCode.TemporaryRedirect);
        page.Headers.Location.ShouldBe(new Uri($"https://{PublicHost}/returns"));
        page.Headers.Contains("Strict-Transport-Security").ShouldBeFalse();
        page.Headers.Contains("Set-Cookie").ShouldBeFalse();
    }

    [Fact]
    public async Task Health_probes_stay_on_plain_http()
    {
        using var client = ClientBehind(ProxyPeers.Stranger, forwardedProto: null);

        using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));

        live.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_customer_proof_cookie_is_secure_prefixed_on_its_path_and_read_back()
    {
        using var client = ClientBehind(ProxyPeers.KnownProxy, forwardedProto: "https");
        using var form = await client.GetAsync(new Uri("/returns", UriKind.Relative));
        KeepCookies(client, form);
        var page = await form.ReadDocumentAsync();

        using var found = await client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Form.OrderNumber"] = "DEMO-1001",
            ["Form.Email"] = "client@example.fr",
        });

        found.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var proof = found.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Secure-rp_order=", StringComparison.Ordinal));
        proof.ShouldContain("; secure", Case.Insensitive);
        proof.ShouldContain("; path=/returns", Case.Insensitive);
        KeepCookies(client, found);
        using var order = await client.GetAsync(found.Headers.Location!);
        order.StatusCode.ShouldBe(HttpStatusCode.OK, "the order page reads the proof under its prefixed name");
    }

    [Fact]
    public async Task The_language_choice_is_a_host_prefixed_cookie_the_next_page_reads()
    {
        using var client = ClientBehind(ProxyPeers.KnownProxy, forwardedProto: "https");
        using var home = await client.GetAsync(new Uri("/returns", UriKind.Relative));
        KeepCookies(client, home);

        using var chosen = await client.SubmitAsync(await home.ReadDocumentAsync(), "#culture-form", new Dictionary<string, string>(), "culture", "en-GB");

        var culture = chosen.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-.AspNetCore.Culture=", StringComparison.Ordinal));
        culture.ShouldContain("; secure", Case.Insensitive);
        KeepCookies(client, chosen);
        using var next = await client.GetAsync(new Uri("/returns", UriKind.Relative));
        (await next.ReadDocumentAsync()).DocumentElement.GetAttribute("lang").ShouldBe("en");
    }

    [Fact]
    public async Task The_staff_sign_in_cookie_is_secure_and_host_prefixed()
    {
        using var client = ClientBehind(ProxyPeers.KnownProxy, forwardedProto: "https");
        using var form = await client.GetAsync(new Uri("/account/login", UriKind.Relative));
        KeepCookies(client, form);

        using var signedIn = await client.PostLoginAsync("agent@example.fr", StaffLogin.DemoPassword);

        var staff = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-rp_staff=", StringComparison.Ordinal));
        staff.ShouldContain("; secure", Case.Insensitive);
        staff.ShouldContain("; path=/", Case.Insensitive);
    }

    private HttpClient ClientBehind(string proxy, string? forwardedProto) => ClientBehind(factory, proxy, forwardedProto);

    /// <summary>A client whose requests come from <paramref name="proxy"/>, carrying cookies by hand (they are Secure).</summary>
    internal static HttpClient ClientBehind(WebApplicationFactory<Program> factory, string proxy, string? forwardedProto)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Host = PublicHost;
        client.DefaultRequestHeaders.Add(TestPeerStartupFilter.Header, proxy);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        if (forwardedProto is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-Proto", forwardedProto);
        }
        return client;
    }

    // HttpClient's cookie container would not send Secure cookies over the test server's http: the proxy's role.
    internal static void KeepCookies(HttpClient client, HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            return;
        }
        var jar = client.DefaultRequestHeaders.TryGetValues("Cookie", out var sent)
            ? string.Join("; ", sent).Split("; ", StringSplitOptions.RemoveEmptyEntries).ToDictionary(c => c.Split('=')[0], c => c)
            : [];
        foreach (var cookie in cookies)
        {
            var pair = cookie.Split(';')[0];
            jar[pair.Split('=')[0]] = pair;
        }
        client.DefaultRequestHeaders.Remove("Cookie");
        client.DefaultRequestHeaders.Add("Cookie", string.Join("; ", jar.Values));
    }

    /// <summary>Staging (outside Development, not Production) behind the proxies of <see cref="ProxyPeers"/>, https on 443.</summary>
    public sealed class StagingProxyPortalFactory : PortalFactory
    {
        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Staging");
            builder.UseSetting("https_port", "443");
            ProxyPeers.Configure(builder);
        }

        protected override Task<string> CreateDatabaseAsync(string dataPath) =>
            Task.FromResult($"Data Source={Path.Combine(dataPath, "returns.db")}");
    }
}

/// <summary>
/// Production reached over plain HTTP with no https port known and no known proxy saying https (ADR 0112): a redirect
/// to <c>Shop:PublicUrl</c> when it is https, otherwise a short page saying HTTPS is required; never the antiforgery
/// 500. Health probes still answer over plain HTTP; a known proxy forwarding https makes the forms work.
/// </summary>
public sealed class PlainHttpProductionTests(PlainHttpProductionTests.ProductionBehindProxyPortalFactory factory)
    : IClassFixture<PlainHttpProductionTests.ProductionBehindProxyPortalFactory>
{
    [Fact]
    public async Task Over_plain_http_without_an_https_address_every_page_answers_that_https_is_required_never_500()
    {
        using var client = ProxyTests.ClientBehind(factory, ProxyPeers.Stranger, forwardedProto: "https");

        using var returns = await client.GetAsync(new Uri("/returns", UriKind.Relative));
        using var login = await client.GetAsync(new Uri("/account/login", UriKind.Relative));
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Form.OrderNumber"] = "A-1", ["Form.Email"] = "a@example.fr" });
        using var post = await client.PostAsync(new Uri("/returns", UriKind.Relative), content);

        foreach (var response in new[] { returns, login, post })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.MisdirectedRequest);
            var page = await response.ReadDocumentAsync();
            page.QuerySelector("#https-required")!.TextContent.ShouldBe("Ce portail doit être ouvert en HTTPS, à travers le proxy de la boutique.");
            page.Body!.TextContent.ShouldContain("Proxy:KnownNetworks");
            response.Headers.Contains("Set-Cookie").ShouldBeFalse();
        }
        using var english = await client.GetAsync(new Uri("/returns?culture=en-GB", UriKind.Relative));
        (await english.ReadDocumentAsync()).QuerySelector("#https-required")!.TextContent.ShouldBe("This portal must be reached over HTTPS through the shop's proxy.");
        // Once per process (four plain requests here), naming the setting to check. The host of the Shop:PublicUrl test
        // shares this sink and logs its own line, whose answer is the redirect.
        factory.Logs.Events.Count(e => e.Level == LogEventLevel.Warning
                && e.RenderMessage(CultureInfo.InvariantCulture).Contains("Proxy:KnownNetworks", StringComparison.Ordinal)
                && e.Properties["Answer"].ToString() == "\"refused (421)\"")
            .ShouldBe(1);
    }

    [Fact]
    public async Task Over_plain_http_a_get_goes_to_the_https_public_url_and_a_post_is_refused_plainly()
    {
        using var withPublicUrl = factory.WithWebHostBuilder(b => b.UseSetting("Shop:PublicUrl", "https://retours.example.fr/"));
        using var client = ProxyTests.ClientBehind(withPublicUrl, ProxyPeers.Stranger, forwardedProto: null);

        using var get = await client.GetAsync(new Uri("/returns/policy?culture=en-GB", UriKind.Relative));
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Form.OrderNumber"] = "A-1" });
        using var post = await client.PostAsync(new Uri("/returns", UriKind.Relative), content);

        get.StatusCode.ShouldBe(HttpStatusCode.TemporaryRedirect);
        get.Headers.Location.ShouldBe(new Uri("https://retours.example.fr/returns/policy?culture=en-GB"));
        post.StatusCode.ShouldBe(HttpStatusCode.MisdirectedRequest);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_probes_answer_over_plain_http(string probe)
    {
        using var client = ProxyTests.ClientBehind(factory, ProxyPeers.Stranger, forwardedProto: null);

        using var response = await client.GetAsync(new Uri(probe, UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Through_a_known_proxy_forwarding_https_the_order_form_works()
    {
        using var client = ProxyTests.ClientBehind(factory, ProxyPeers.InKnownNetwork, forwardedProto: "https");
        using var form = await client.GetAsync(new Uri("/returns", UriKind.Relative));
        form.StatusCode.ShouldBe(HttpStatusCode.OK);
        ProxyTests.KeepCookies(client, form);

        using var answer = await client.SubmitAsync(await form.ReadDocumentAsync(), "main form", new Dictionary<string, string>
        {
            ["Form.OrderNumber"] = "NOPE-1",
            ["Form.Email"] = "nobody@example.fr",
        });

        // No such order in a live shop without the demo: the form's own answer, past antiforgery.
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await answer.ReadDocumentAsync()).QuerySelector("main form").ShouldNotBeNull();
    }

    /// <summary>Production without the demo, behind the proxies of <see cref="ProxyPeers"/>, no https port known; its log events kept.</summary>
    public sealed class ProductionBehindProxyPortalFactory : PortalFactory
    {
        public Collected Logs { get; } = new();

        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            UseProduction(builder);
            ProxyPeers.Configure(builder);
            builder.ConfigureServices(s => s.AddSingleton<ILogEventSink>(Logs));
        }

        protected override Task<string> CreateDatabaseAsync(string dataPath) =>
            Task.FromResult($"Data Source={Path.Combine(dataPath, "returns.db")}");
    }

    public sealed class Collected : ILogEventSink
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<LogEvent> events = new();

        public IReadOnlyList<LogEvent> Events => [.. events];

        public void Emit(LogEvent logEvent) => events.Enqueue(logEvent);
    }
}

/// <summary>
/// The order look-up limit counts the real client: through a known proxy each X-Forwarded-For client has its own
/// counter; through an unknown address the header is ignored and the sender's own address is counted.
/// </summary>
public sealed class ProxyRateLimitTests(ProxyRateLimitTests.RateLimitedProxyPortalFactory factory)
    : IClassFixture<ProxyRateLimitTests.RateLimitedProxyPortalFactory>
{
    private const int Limit = 2;

    [Fact]
    public async Task Two_customers_behind_a_known_proxy_have_their_own_counters()
    {
        for (var attempt = 1; attempt <= Limit; attempt++)
        {
            (await LookUpAsync(ProxyPeers.KnownProxy, "203.0.113.10")).ShouldBe(HttpStatusCode.OK, $"attempt {attempt}");
        }
        (await LookUpAsync(ProxyPeers.KnownProxy, "203.0.113.10")).ShouldBe(HttpStatusCode.TooManyRequests);

        (await LookUpAsync(ProxyPeers.KnownProxy, "203.0.113.20")).ShouldBe(HttpStatusCode.OK, "another customer behind the same proxy");
    }

    [Fact]
    public async Task Forwarded_for_from_an_unknown_address_is_ignored_so_its_clients_share_one_counter()
    {
        (await LookUpAsync(ProxyPeers.Stranger, "203.0.113.30")).ShouldBe(HttpStatusCode.OK);
        (await LookUpAsync(ProxyPeers.Stranger, "203.0.113.40")).ShouldBe(HttpStatusCode.OK);

        (await LookUpAsync(ProxyPeers.Stranger, "203.0.113.50")).ShouldBe(HttpStatusCode.TooManyRequests);
    }

    /// <summary>One wrong order look-up (a form post of /returns) sent by <paramref name="peer"/> for <paramref name="client"/>.</summary>
    private Task<HttpStatusCode> LookUpAsync(string peer, string client) => LookUpAsync(factory, peer, client);

    public static async Task<HttpStatusCode> LookUpAsync(PortalFactory factory, string peer, string client)
    {
        ArgumentNullException.ThrowIfNull(factory);
        using var http = factory.CreateBrowserLikeClient();
        http.DefaultRequestHeaders.Add(TestPeerStartupFilter.Header, peer);
        http.DefaultRequestHeaders.Add("X-Forwarded-For", client);
        var page = await http.GetDocumentAsync("/returns");
        using var response = await http.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Form.OrderNumber"] = "DEMO-1001",
            ["Form.Email"] = "nobody@example.fr",
        });
        return response.StatusCode;
    }

    /// <summary>Development (plain http, no redirect) behind the proxies of <see cref="ProxyPeers"/>, a limit of 2.</summary>
    public class RateLimitedProxyPortalFactory : PortalFactory
    {
        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("RateLimits:FindOrder:PermitLimit", Limit.ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("RateLimits:FindOrder:WindowMinutes", "15");
            ProxyPeers.Configure(builder, withProxies: WithProxies);
        }

        protected override Task<string> CreateDatabaseAsync(string dataPath) =>
            Task.FromResult($"Data Source={Path.Combine(dataPath, "returns.db")}");

        protected virtual bool WithProxies => true;
    }
}

/// <summary>
/// No proxy configured (the default): forwarded headers are not read at all, from any address, loopback included
/// (the middleware's own defaults would trust loopback, and with empty lists everybody).
/// </summary>
public sealed class NoProxyTests(NoProxyTests.NoProxyPortalFactory factory) : IClassFixture<NoProxyTests.NoProxyPortalFactory>
{
    [Fact]
    public async Task Without_configured_proxies_forwarded_for_is_ignored_so_one_sender_is_one_client()
    {
        (await ProxyRateLimitTests.LookUpAsync(factory, "127.0.0.1", "203.0.113.60")).ShouldBe(HttpStatusCode.OK);
        (await ProxyRateLimitTests.LookUpAsync(factory, "127.0.0.1", "203.0.113.70")).ShouldBe(HttpStatusCode.OK);

        (await ProxyRateLimitTests.LookUpAsync(factory, "127.0.0.1", "203.0.113.80")).ShouldBe(HttpStatusCode.TooManyRequests);
    }

    /// <summary>The rate-limited portal of <see cref="ProxyRateLimitTests"/> without any Proxy setting.</summary>
    public sealed class NoProxyPortalFactory : ProxyRateLimitTests.RateLimitedProxyPortalFactory
    {
        protected override bool WithProxies => false;
    }
}

/// <summary>The addresses the proxy tests play: one known proxy, one in a known network, one stranger.</summary>
public static class ProxyPeers
{
    public const string KnownProxy = "10.0.0.1";
    public const string InKnownNetwork = "10.1.2.3";
    public const string Stranger = "192.0.2.50";

    public static void Configure(IWebHostBuilder builder, bool withProxies = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (withProxies)
        {
            builder.UseSetting("Proxy:KnownProxies:0", KnownProxy);
            builder.UseSetting("Proxy:KnownNetworks:0", "10.1.0.0/16");
        }
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, TestPeerStartupFilter>());
    }
}

/// <summary>
/// The test server has no TCP peer: this sets the connection's address from a test header, before the app's pipeline
/// (so before the forwarded headers), as a real socket would. Without the header the peer is a stranger.
/// </summary>
public sealed class TestPeerStartupFilter : IStartupFilter
{
    public const string Header = "X-Test-Peer";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((http, nextMiddleware) =>
        {
            http.Connection.RemoteIpAddress = IPAddress.Parse(http.Request.Headers[Header].FirstOrDefault() ?? ProxyPeers.Stranger);
            return nextMiddleware(http);
        });
        next(app);
    };
}
