using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Hosting;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Testing;
using ReturnsPortal.Web.Tests.Hosting;

namespace ReturnsPortal.Web.Tests.Infrastructure;

/// <summary>
/// Small proof limits (ADR 0122): <see cref="PerAddress"/> proofs per client address per 15 minutes and
/// <see cref="FailuresPerOrder"/> wrong proofs per order number or RMA per hour. Each request's client address is the
/// <see cref="TestPeerStartupFilter"/> header (no proxy configured), so a test plays as many addresses as it needs;
/// tests use addresses and orders of their own, since the counters live in the class's database.
/// </summary>
public abstract class ProofLimitedPortalFactory : PortalFactory
{
    public const int PerAddress = 3;
    public const int FailuresPerOrder = 3;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimits:Proof:PermitLimit", PerAddress.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("RateLimits:Proof:WindowMinutes", "15");
        builder.UseSetting("RateLimits:Proof:FailuresPerOrder", FailuresPerOrder.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("RateLimits:Proof:FailureWindowMinutes", "60");
        ProxyPeers.Configure(builder, withProxies: false);
    }

    /// <summary>A browser-like client whose requests come from <paramref name="address"/>.</summary>
    public HttpClient ClientFrom(string address)
    {
        var client = CreateBrowserLikeClient();
        client.DefaultRequestHeaders.Add(TestPeerStartupFilter.Header, address);
        return client;
    }

    /// <summary>A fresh IPv4 address from TEST-NET-3 and a counter, so tests of one class never share one.</summary>
    public string NewIPv4() => $"203.0.113.{Interlocked.Increment(ref nextHost) % 250 + 1}";

    private int nextHost;
}

public sealed class SqliteProofLimitedPortalFactory : ProofLimitedPortalFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task<string> CreateDatabaseAsync(string dataPath) =>
        Task.FromResult($"Data Source={Path.Combine(dataPath, "returns.db")}");
}

public sealed class PostgresProofLimitedPortalFactory : ProofLimitedPortalFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override async Task<string> CreateDatabaseAsync(string dataPath)
    {
        var cluster = await PostgresCluster.GetAsync();
        return await cluster.CreateDatabaseAsync("web");
    }
}

/// <summary>The customer's proof forms as a client posts them, and what a refusal looks like.</summary>
public static class ProofSteps
{
    public static async Task<HttpResponseMessage> FindOrderAsync(HttpClient client, string number, IDictionary<string, string> proof)
    {
        ArgumentNullException.ThrowIfNull(client);
        var page = await client.GetDocumentAsync("/returns");
        var fields = new Dictionary<string, string>(proof) { ["Form.OrderNumber"] = number };
        return await client.SubmitAsync(page, "main form", fields);
    }

    public static async Task<HttpResponseMessage> TrackAsync(HttpClient client, string rma, string email)
    {
        ArgumentNullException.ThrowIfNull(client);
        var page = await client.GetDocumentAsync("/returns/track");
        return await client.SubmitAsync(page, "#track-form", new Dictionary<string, string> { ["Form.Rma"] = rma, ["Form.Email"] = email });
    }

    public static async Task<HttpResponseMessage> WithdrawIdentifyAsync(HttpClient client, string number, string email)
    {
        ArgumentNullException.ThrowIfNull(client);
        var page = await client.GetDocumentAsync("/returns/withdraw");
        return await client.SubmitAsync(page, "#identify-form", WithdrawSteps.Fields(number, email, "Camille Martin"));
    }

    public static async Task<HttpResponseMessage> ApiGetAsync(HttpClient client, string path)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", "demo-api-key");
        return await client.SendAsync(request);
    }

    /// <summary>The 429 status page of a person: "too many attempts", when to try again, Retry-After, no access cookie.</summary>
    public static async Task ShouldBeRefusedPageAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
        int.Parse(response.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture).ShouldBeInRange(1, 60 * 60);
        IHtmlDocument page = await response.ReadDocumentAsync();
        page.QuerySelector("h1")!.TextContent.Trim().ShouldBe("Trop de tentatives");
        page.QuerySelector("#retry-after")!.TextContent.Trim().ShouldMatch(@"^Trop de tentatives : réessayez dans (1 minute|\d+ minutes)\.$");
    }

    /// <summary>The API's 429: problem details with Retry-After.</summary>
    public static async Task ShouldBeRefusedProblemAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        response.Headers.Contains("Retry-After").ShouldBeTrue();
        (await response.Content.ReadAsStringAsync()).ShouldContain("Trop de tentatives : réessayez dans");
    }
}
