using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Web.Tests.Hosting;
using ReturnsPortal.Web.Tests.Infrastructure;
using Serilog.Core;
using Serilog.Events;

namespace ReturnsPortal.Web.Tests.Security;

/// <summary>OWASP ASVS 5.0 chapter V16, Security Logging and Error Handling (issue 19 items 7 and 8).</summary>
public sealed class AsvsV16SecurityLoggingAndErrorHandlingTests(AsvsV16SecurityLoggingAndErrorHandlingTests.LoggedPortalFactory factory)
    : IClassFixture<AsvsV16SecurityLoggingAndErrorHandlingTests.LoggedPortalFactory>
{
    /// <summary>16.5.1: unreadable input gets a generic message, never a stack trace or the framework's text.</summary>
    [Theory]
    [Trait("ASVS", "5.0 V16.5.1")]
    [InlineData("/returns")]
    [InlineData("/api/v1/returns")]
    public async Task An_unreadable_request_gets_a_generic_answer_without_internals(string path)
    {
        var client = factory.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "demo-api-key");
        using var response = path.StartsWith("/api", StringComparison.Ordinal)
            ? await client.GetAsync(new Uri(path + "?limit=abc", UriKind.Relative))
            : await client.PostAsync(new Uri(path, UriKind.Relative), new StringContent("a[=1", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        ((int)response.StatusCode).ShouldBeInRange(400, 499);
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldNotContain("Exception");
        body.ShouldNotContain("   at ");
        body.ShouldNotContain("Nullable<int>");
    }

    /// <summary>16.3.3 / 16.3.4: an attempt with malformed input is logged once, as a Warning naming method and path, without a stack trace.</summary>
    [Fact]
    [Trait("ASVS", "5.0 V16.3.3")]
    public async Task A_malformed_request_is_logged_once_as_a_warning_without_stack_trace()
    {
        var marker = "/api/v1/returns?limit=probe" + Guid.NewGuid().ToString("N")[..8];
        using var request = new HttpRequestMessage(HttpMethod.Get, marker);
        request.Headers.Add("X-Api-Key", "demo-api-key");
        using var response = await factory.CreateClient().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var lines = factory.Logs.Events.Where(e => e.RenderMessage().Contains(marker["/api/v1/returns?limit=".Length..], StringComparison.Ordinal)).ToList();
        lines.Count.ShouldBe(1);
        lines[0].Level.ShouldBe(LogEventLevel.Warning);
        lines[0].Exception.ShouldBeNull();
        lines[0].RenderMessage().ShouldContain("GET");
        factory.Logs.Events.ShouldNotContain(e => e.Level >= LogEventLevel.Error && e.RenderMessage().Contains("/api/v1/returns", StringComparison.Ordinal));
    }

    /// <summary>16.5.3: a request refused as unreadable changes nothing (the fuzz test checks it across every endpoint).</summary>
    [Fact]
    [Trait("ASVS", "5.0 V16.5.3")]
    public async Task A_return_posted_with_an_unreadable_body_is_not_created()
    {
        int Count() => factory.WithScope(s => s.GetRequiredService<Domain.Persistence.ReturnsDbContext>().Returns.Count());
        var before = Count();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/returns")
        {
            Content = new StringContent("{\"orderNumber\":\"DEMO-1001\",\"email\":", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", "demo-api-key");

        using var response = await factory.CreateClient().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Count().ShouldBe(before);
    }

    /// <summary>The demo shop on SQLite with its Warning and Error log events kept.</summary>
    public sealed class LoggedPortalFactory : PortalFactory
    {
        public PlainHttpProductionTests.Collected Logs { get; } = new();

        public override Domain.Persistence.DatabaseProvider Provider => Domain.Persistence.DatabaseProvider.Sqlite;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(s => s.AddSingleton<ILogEventSink>(Logs));
        }

        protected override Task<string> CreateDatabaseAsync(string dataPath) =>
            Task.FromResult($"Data Source={Path.Combine(dataPath, "returns.db")}");
    }
}
