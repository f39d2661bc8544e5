using System.Net;
using Microsoft.AspNetCore.Hosting;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Tests.Hosting;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Deploy;

/// <summary>
/// The nginx configuration docker-compose.yml ships (ADR 0115), run in front of a Production portal on Kestrel: TLS at
/// nginx, the app sees https and the client's address (ADR 0108), plain HTTP only redirects or probes health.
/// </summary>
public sealed class NginxTests(NginxTests.Installation installation) : IClassFixture<NginxTests.Installation>
{
    [Fact]
    public async Task Over_tls_the_app_sends_hsts_and_secure_host_prefixed_cookies_and_takes_nginx_request_id()
    {
        using var client = installation.Nginx.CreateHttpsClient();
        // ASP.NET Core never sends HSTS to localhost or 127.0.0.1: the shop's name, as nginx passes it on.
        client.DefaultRequestHeaders.Host = "retours.example.fr";

        using var page = await client.GetAsync(new Uri("/returns", UriKind.Relative));

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Headers.GetValues("Strict-Transport-Security").Single().ShouldBe("max-age=31536000");
        page.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("__Host-rp_antiforgery=", StringComparison.Ordinal)
            && c.Contains("; secure", StringComparison.OrdinalIgnoreCase));
        page.Headers.GetValues("X-Correlation-Id").Single().ShouldMatch("^[0-9a-f]{32}$", "nginx's $request_id, passed on and echoed");
    }

    [Fact]
    public async Task Plain_http_redirects_to_https_but_health_probes_reach_the_app()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = installation.Nginx.Http };

        using var page = await client.GetAsync(new Uri("/returns?x=1", UriKind.Relative));
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        page.StatusCode.ShouldBe(HttpStatusCode.MovedPermanently);
        page.Headers.Location.ShouldBe(new Uri("https://127.0.0.1/returns?x=1"));
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_staff_member_signs_in_through_nginx()
    {
        var (_, email, password) = await installation.CreateStaffAsync("Agent");
        using var client = installation.Nginx.CreateHttpsClient();

        using var signedIn = await client.PostLoginAsync(email, password);
        using var queue = await client.GetAsync(new Uri("/staff", UriKind.Relative));

        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        queue.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_client_cannot_escape_the_look_up_limit_by_sending_its_own_forwarded_for()
    {
        // nginx appends the address it sees; the app reads only that last one (Proxy:ForwardLimit 1).
        var refused = 0;
        for (var attempt = 1; attempt <= Installation.LookUpLimit + 1; attempt++)
        {
            using var client = installation.Nginx.CreateHttpsClient();
            client.DefaultRequestHeaders.Add("X-Forwarded-For", $"203.0.113.{attempt}");
            var form = await client.GetDocumentAsync("/returns");
            using var response = await client.SubmitAsync(form, "main form", new Dictionary<string, string>
            {
                ["Form.OrderNumber"] = "NO-SUCH-ORDER",
                ["Form.Email"] = "nobody@example.fr",
            });
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused++;
            }
        }

        refused.ShouldBe(1, $"the {Installation.LookUpLimit + 1}th look-up from one address is refused whatever X-Forwarded-For it claims");
    }

    /// <summary>A Production portal on Kestrel (SQLite: the proxy does not care) behind the shipped nginx.</summary>
    public sealed class Installation : PortalFactory, IAsyncLifetime
    {
        public const int LookUpLimit = 3;

        private ShippedNginx? nginx;

        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        public ShippedNginx Nginx => nginx ?? throw new InvalidOperationException("Not started.");

        async Task IAsyncLifetime.InitializeAsync()
        {
            var app = await StartOnKestrelAsync();
            nginx = await ShippedNginx.StartAsync([app]);
        }

        protected override async Task DisposeFactoryAsync()
        {
            if (nginx is not null)
            {
                await nginx.DisposeAsync();
            }
            await base.DisposeFactoryAsync();
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            UseProduction(builder);
            builder.UseSetting("Proxy:KnownProxies:0", "127.0.0.1");
            builder.UseSetting("RateLimits:FindOrder:PermitLimit", LookUpLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        protected override Task<string> CreateDatabaseAsync(string dataPath) =>
            Task.FromResult($"Data Source={Path.Combine(dataPath, "returns.db")}");
    }
}
