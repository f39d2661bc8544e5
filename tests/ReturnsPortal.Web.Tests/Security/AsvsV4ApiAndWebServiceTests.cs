using System.Net;
using Microsoft.AspNetCore.Hosting;
using ReturnsPortal.Web.Tests.Hosting;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Security;

/// <summary>OWASP ASVS 5.0 chapter V4, API and Web Service (issue 19 item 8).</summary>
public sealed class AsvsV4ApiAndWebServiceTests(SqlitePortalFactory factory) : IClassFixture<SqlitePortalFactory>
{
    /// <summary>4.1.1: every API answer with a body says what it is, JSON with its charset, errors as problem details.</summary>
    [Theory]
    [Trait("ASVS", "5.0 V4.1.1")]
    [InlineData("/api/v1/reasons", HttpStatusCode.OK, "application/json")]
    [InlineData("/api/v1/returns?limit=abc", HttpStatusCode.BadRequest, "application/problem+json")]
    [InlineData("/api/v1/returns/RMA-NOPE", HttpStatusCode.BadRequest, "application/problem+json")]
    [InlineData("/api/v1/nothing-here", HttpStatusCode.NotFound, "application/problem+json")]
    public async Task Every_api_answer_has_the_content_type_of_its_body(string url, HttpStatusCode status, string mediaType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-Api-Key", "demo-api-key");
        using var response = await factory.CreateClient().SendAsync(request);

        response.StatusCode.ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(mediaType);
        if (mediaType == "application/json")
        {
            response.Content.Headers.ContentType.CharSet.ShouldBe("utf-8");
        }
        System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).ShouldNotBeNull();
    }

    /// <summary>4.1.4: methods the API does not offer are refused, with problem details.</summary>
    [Theory]
    [Trait("ASVS", "5.0 V4.1.4")]
    [InlineData("DELETE", "/api/v1/reasons")]
    [InlineData("TRACE", "/api/v1/returns")]
    [InlineData("PUT", "/api/v1/returns")]
    public async Task A_method_the_api_does_not_offer_is_refused(string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        request.Headers.Add("X-Api-Key", "demo-api-key");
        using var response = await factory.CreateClient().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    /// <summary>4.2.1 is the server's (Kestrel, nginx); for the body: a JSON body with the wrong content type is refused, not guessed.</summary>
    [Fact]
    [Trait("ASVS", "5.0 V4.1.1")]
    public async Task A_body_sent_as_form_data_to_a_json_operation_is_refused_with_415()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/carrier-events")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["rma"] = "RMA-1" }),
        };
        request.Headers.Add("X-Api-Key", "demo-api-key");
        using var response = await factory.CreateClient().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}

/// <summary>OWASP ASVS 5.0 V4.1.2 in Production over plain HTTP: people are sent to https, the API is not.</summary>
public sealed class AsvsV4PlainHttpTests(PlainHttpProductionTests.ProductionBehindProxyPortalFactory factory)
    : IClassFixture<PlainHttpProductionTests.ProductionBehindProxyPortalFactory>
{
    /// <summary>4.1.2: only user-facing endpoints redirect from HTTP to HTTPS.</summary>
    [Fact]
    [Trait("ASVS", "5.0 V4.1.2")]
    public async Task The_api_over_plain_http_is_refused_with_421_not_redirected()
    {
        // With an https public address a page would be redirected there; the API must not be.
        using var withPublicUrl = factory.WithWebHostBuilder(b => b.UseSetting("Shop:PublicUrl", "https://retours.example.fr/"));
        using var client = ProxyTests.ClientBehind(withPublicUrl, ProxyPeers.Stranger, forwardedProto: null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/reasons");
        request.Headers.Add("X-Api-Key", "demo-api-key");

        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.MisdirectedRequest);
        response.Headers.Location.ShouldBeNull();
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}
