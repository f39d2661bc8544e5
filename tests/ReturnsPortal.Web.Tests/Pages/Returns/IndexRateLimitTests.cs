using System.Net;
using Microsoft.AspNetCore.Hosting;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Testing;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Returns;

public sealed class IndexRateLimitTests_Sqlite(RateLimitedSqlitePortalFactory factory)
    : IndexRateLimitTests(factory), IClassFixture<RateLimitedSqlitePortalFactory>;

public sealed class IndexRateLimitTests_Postgres(RateLimitedPostgresPortalFactory factory)
    : IndexRateLimitTests(factory), IClassFixture<RateLimitedPostgresPortalFactory>;

/// <summary>Order look-ups are limited per client: here 3 per 15 minutes (the factories below).</summary>
public abstract class IndexRateLimitTests(PortalFactory factory)
{
    public const int Limit = 3;

    [Fact]
    public async Task Past_the_limit_the_page_answers_429_with_when_to_try_again_and_even_the_right_pair_is_refused()
    {
        var client = factory.CreateBrowserLikeClient();
        var page = await client.GetDocumentAsync("/returns");
        for (var attempt = 1; attempt <= Limit; attempt++)
        {
            using var wrong = await SubmitAsync(client, page, "DEMO-1001", $"guess{attempt}@example.fr");
            wrong.StatusCode.ShouldBe(HttpStatusCode.OK, $"attempt {attempt} is within the limit");
        }

        using var blocked = await SubmitAsync(client, page, "DEMO-1001", "client@example.fr");

        blocked.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        blocked.Headers.Contains("Set-Cookie").ShouldBeFalse();
        int.Parse(blocked.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBeInRange(1, 15 * 60);
        var result = await blocked.ReadDocumentAsync();
        result.QuerySelector("h1").Text().ShouldBe("Trop de tentatives");
        result.QuerySelector("#retry-after").Text().ShouldMatch(@"^Trop de tentatives : réessayez dans (1 minute|([2-9]|1[0-5]) minutes)\.$");
        // Reading the form is not an attempt: the page still opens.
        using var view = await client.GetAsync(new Uri("/returns", UriKind.Relative));
        view.StatusCode.ShouldBe(HttpStatusCode.OK);
        // The API shares the counter of this client, and answers with problem details.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/orders/DEMO-1001/eligibility?email=client@example.fr");
        request.Headers.Add("X-Api-Key", "demo-api-key");
        using var api = await client.SendAsync(request);
        api.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        api.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await api.Content.ReadAsStringAsync()).ShouldContain("Trop de tentatives : réessayez dans");
    }

    private static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, AngleSharp.Html.Dom.IHtmlDocument page, string number, string email) =>
        await client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Form.OrderNumber"] = number,
            ["Form.Email"] = email,
        });
}

public sealed class RateLimitedSqlitePortalFactory : PortalFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task<string> CreateDatabaseAsync(string dataPath) =>
        Task.FromResult($"Data Source={Path.Combine(dataPath, "returns.db")}");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimits:FindOrder:PermitLimit", IndexRateLimitTests.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("RateLimits:FindOrder:WindowMinutes", "15");
    }
}

public sealed class RateLimitedPostgresPortalFactory : PortalFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override async Task<string> CreateDatabaseAsync(string dataPath)
    {
        var cluster = await PostgresCluster.GetAsync();
        return await cluster.CreateDatabaseAsync("web");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimits:FindOrder:PermitLimit", IndexRateLimitTests.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("RateLimits:FindOrder:WindowMinutes", "15");
    }
}
