using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Testing;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Hosting;

public sealed class SharedRateLimitTests_Sqlite(SharedRateLimitTests.SqliteFactory factory)
    : SharedRateLimitTests(factory), IClassFixture<SharedRateLimitTests.SqliteFactory>;

public sealed class SharedRateLimitTests_Postgres(SharedRateLimitTests.PostgresFactory factory)
    : SharedRateLimitTests(factory), IClassFixture<SharedRateLimitTests.PostgresFactory>;

/// <summary>
/// Rate-limit counters live in the database (ADR 0111): two hosts on one database play two instances behind a
/// round-robin proxy, and together they allow the limit once, not once each. Each test plays its own client address.
/// </summary>
public abstract class SharedRateLimitTests(PortalFactory factory)
{
    public const int Limit = 10;

    [Fact]
    public async Task Ten_look_ups_split_across_two_instances_pass_and_the_eleventh_is_refused_on_either()
    {
        using var second = SecondInstance();
        const string client = "203.0.113.7";
        for (var attempt = 1; attempt <= Limit; attempt++)
        {
            using var allowed = await LookUpAsync(attempt % 2 == 0 ? second : factory, client);
            allowed.StatusCode.ShouldBe(HttpStatusCode.OK, $"look-up {attempt} of {Limit}, on instance {2 - (attempt % 2)}");
        }

        using var page = await LookUpAsync(factory, client);
        using var api = await EligibilityAsync(second, client);

        page.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        RetryAfterSeconds(page).ShouldBeInRange(1, 15 * 60);
        (await page.ReadDocumentAsync()).QuerySelector("#retry-after").Text()
            .ShouldMatch(@"^Trop de tentatives : réessayez dans (1 minute|([2-9]|1[0-5]) minutes)\.$");
        api.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        api.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        RetryAfterSeconds(api).ShouldBeInRange(1, 15 * 60);
        (await api.Content.ReadAsStringAsync()).ShouldContain("Trop de tentatives : réessayez dans");
    }

    [Fact]
    public async Task An_api_keys_limit_is_counted_once_across_the_instances()
    {
        using var first = SecondInstance(b => b.UseSetting("RateLimits:ApiKey:PermitLimit", "3").UseSetting("RateLimits:ApiKey:WindowSeconds", "3600"));
        using var second = SecondInstance(b => b.UseSetting("RateLimits:ApiKey:PermitLimit", "3").UseSetting("RateLimits:ApiKey:WindowSeconds", "3600"));
        var key = await CreateKeyAsync();

        foreach (var instance in new[] { first, second, first })
        {
            using var ok = await ReasonsAsync(instance, key);
            ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        using var over = await ReasonsAsync(second, key);

        over.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        over.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        RetryAfterSeconds(over).ShouldBeInRange(1, 3600);
        (await over.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32().ShouldBe(429);
    }

    [Fact]
    public async Task When_the_window_ends_the_client_may_look_up_again()
    {
        var clock = new SettableClock(DateTimeOffset.UtcNow);
        using var instance = SecondInstance(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        const string client = "203.0.113.8";
        for (var attempt = 1; attempt <= Limit; attempt++)
        {
            using var allowed = await LookUpAsync(instance, client);
            allowed.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        clock.Advance(TimeSpan.FromMinutes(14));
        using var refused = await LookUpAsync(instance, client);
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        RetryAfterSeconds(refused).ShouldBeInRange(1, 60, "one minute of the window is left");

        clock.Advance(TimeSpan.FromMinutes(1));
        using var again = await LookUpAsync(instance, client);

        again.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Without_the_database_a_limited_request_answers_503_never_500_and_a_page_view_still_opens()
    {
        using var broken = SecondInstance(b => b.ConfigureTestServices(s => _ = factory.Provider == DatabaseProvider.Sqlite
            ? s.ConfigureDbContext<SqliteReturnsDbContext>(o => o.AddInterceptors(new CountersUnreachable()))
            : s.ConfigureDbContext<PostgresReturnsDbContext>(o => o.AddInterceptors(new CountersUnreachable()))));
        const string client = "203.0.113.9";

        using var page = await LookUpAsync(broken, client);
        using var api = await EligibilityAsync(broken, client);

        page.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        RetryAfterSeconds(page).ShouldBe(5);
        (await page.Content.ReadAsStringAsync()).ShouldNotContain("Exception");
        api.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        api.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        RetryAfterSeconds(api).ShouldBe(5);
        (await api.Content.ReadAsStringAsync()).ShouldContain("momentanément indisponible");
    }

    /// <summary>Another host on the same database: its own services and rate limiter, as a second process would have.</summary>
    private WebApplicationFactory<Program> SecondInstance(Action<IWebHostBuilder>? configure = null) =>
        factory.WithWebHostBuilder(b => configure?.Invoke(b));

    /// <summary>One wrong order look-up (a form post of /returns) from <paramref name="client"/>.</summary>
    private static async Task<HttpResponseMessage> LookUpAsync(WebApplicationFactory<Program> instance, string client)
    {
        using var http = Client(instance, client);
        var page = await http.GetDocumentAsync("/returns");
        return await http.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Form.OrderNumber"] = "DEMO-1001",
            ["Form.Email"] = "nobody@example.fr",
        });
    }

    /// <summary>The API's order look-up from <paramref name="client"/> with the demo key: it counts against the same limit.</summary>
    private static async Task<HttpResponseMessage> EligibilityAsync(WebApplicationFactory<Program> instance, string client)
    {
        using var http = Client(instance, client);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/orders/DEMO-1001/eligibility?email=nobody@example.fr");
        request.Headers.Add("X-Api-Key", "demo-api-key");
        return await http.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> ReasonsAsync(WebApplicationFactory<Program> instance, string key)
    {
        using var http = Client(instance, "203.0.113.10");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/reasons");
        request.Headers.Add("X-Api-Key", key);
        return await http.SendAsync(request);
    }

    private static HttpClient Client(WebApplicationFactory<Program> instance, string client)
    {
        var http = instance.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        http.DefaultRequestHeaders.Add(TestPeerStartupFilter.Header, client);
        return http;
    }

    private static int RetryAfterSeconds(HttpResponseMessage response) =>
        int.Parse(response.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);

    private async Task<string> CreateKeyAsync()
    {
        var key = ApiKey.Generate();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        db.ApiKeys.Add(ApiKey.Create($"test {Guid.NewGuid():N}", [ApiScopes.ReturnsRead], key, null, DateTime.UtcNow));
        await db.SaveChangesAsync();
        return key;
    }

    /// <summary>The counters' table cannot be reached: every statement on it fails as a lost connection would.</summary>
    private sealed class CountersUnreachable : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
            command.CommandText.Contains("\"RateLimitCounters\"", StringComparison.Ordinal)
                ? throw new UnreachableDatabaseException()
                : ValueTask.FromResult(result);
    }

    private sealed class UnreachableDatabaseException() : DbException("The database cannot be reached (test).");

    private sealed class SettableClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset now = start;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }

    /// <summary>The look-up limit at <see cref="Limit"/> per 15 minutes; the client address from <see cref="TestPeerStartupFilter"/>.</summary>
    public sealed class SqliteFactory : PortalFactory
    {
        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            Configure(builder);
        }

        protected override Task<string> CreateDatabaseAsync(string dataPath) =>
            Task.FromResult($"Data Source={Path.Combine(dataPath, "returns.db")}");
    }

    /// <inheritdoc cref="SqliteFactory"/>
    public sealed class PostgresFactory : PortalFactory
    {
        public override DatabaseProvider Provider => DatabaseProvider.Postgres;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            Configure(builder);
        }

        protected override async Task<string> CreateDatabaseAsync(string dataPath)
        {
            var cluster = await PostgresCluster.GetAsync();
            return await cluster.CreateDatabaseAsync("web");
        }
    }

    private static void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("RateLimits:FindOrder:PermitLimit", Limit.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("RateLimits:FindOrder:WindowMinutes", "15");
        ProxyPeers.Configure(builder, withProxies: false);
    }
}
