using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Web.Tests.Infrastructure;
using Serilog.Core;
using Serilog.Events;

namespace ReturnsPortal.Web.Tests.Hosting;

public abstract class HostingTests(PortalFactory factory)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_healthy(string url)
    {
        using var response = await factory.CreateClient().GetAsync(new Uri(url, UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Fact]
    public async Task An_unknown_url_gets_a_friendly_not_found_page()
    {
        using var response = await factory.CreateClient().GetAsync(new Uri("/no/such/page", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var page = await response.ReadDocumentAsync();
        page.QuerySelector("h1").Text().ShouldBe("Page introuvable");
        page.QuerySelector("a[href='/returns']").ShouldNotBeNull();
    }

    [Fact]
    public async Task Pages_are_served_with_a_strict_content_security_policy()
    {
        using var response = await factory.CreateClient().GetAsync(new Uri("/returns", UriKind.Relative));

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.ShouldContain("default-src 'self'");
        csp.ShouldContain("script-src 'self'");
        csp.ShouldNotContain("unsafe-inline");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
    }

    [Fact]
    public async Task The_home_page_links_customers_and_staff_in_french_by_default()
    {
        var page = await factory.CreateClient().GetDocumentAsync("/");

        page.DocumentElement.GetAttribute("lang").ShouldBe("fr");
        page.QuerySelectorAll("nav a").Select(a => a.GetAttribute("href")).ShouldContain("/returns");
        page.QuerySelectorAll("nav a").Select(a => a.GetAttribute("href")).ShouldContain("/returns/track");
        // Staff reach their space from the footer; the menu keeps it for signed-in staff only (ADR 0093).
        page.QuerySelectorAll("nav a").Select(a => a.GetAttribute("href")).ShouldNotContain("/staff");
        page.QuerySelectorAll("footer a").Select(a => a.GetAttribute("href")).ShouldContain("/staff");
    }

    [Fact]
    public async Task An_exception_shows_the_error_page_with_a_reference_and_no_details()
    {
        var logs = new CollectingSink();
        using var failing = factory.WithWebHostBuilder(b => b.ConfigureServices(s =>
        {
            s.AddSingleton<IStartupFilter>(new ThrowingEndpoint());
            s.AddSingleton<ILogEventSink>(logs);
        }));

        using var response = await failing.CreateClient().GetAsync(new Uri("/test/boom", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldNotContain("Kaboom");
        html.ShouldNotContain("at ReturnsPortal");
        var page = await response.ReadDocumentAsync();
        page.QuerySelector("h1").Text().ShouldBe("Une erreur est survenue");
        var reference = page.QuerySelector("#correlation-id").Text();
        reference.ShouldNotBeNullOrWhiteSpace();
        // The log line of the failure carries the reference shown to the customer, and the exception.
        var logged = logs.Events.Where(e => e.Exception?.Message.Contains("Kaboom", StringComparison.Ordinal) == true).ToList();
        logged.ShouldNotBeEmpty();
        logged.ShouldAllBe(e => e.Properties.ContainsKey("RequestId") && e.Properties["RequestId"].ToString().Contains(reference));
    }

    private sealed class CollectingSink : ILogEventSink
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<LogEvent> events = new();

        public IReadOnlyList<LogEvent> Events => [.. events];

        public void Emit(LogEvent logEvent) => events.Enqueue(logEvent);
    }

    // Adds, after the app's own pipeline, an endpoint that throws: the app's exception handler must catch it.
    private sealed class ThrowingEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map("/test/boom", b => b.Run(_ => throw new InvalidOperationException("Kaboom: a secret detail")));
        };
    }
}

public sealed class HostingTests_Sqlite(SqlitePortalFactory factory) : HostingTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class HostingTests_Postgres(PostgresPortalFactory factory) : HostingTests(factory), IClassFixture<PostgresPortalFactory>;
