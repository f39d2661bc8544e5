using System.Net;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Hosting;

public sealed class MalformedRequestsTests_Sqlite(SqlitePortalFactory factory)
    : MalformedRequestsTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class MalformedRequestsTests_Postgres(PostgresPortalFactory factory)
    : MalformedRequestsTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>Issue 19 item 7: input the portal cannot read answers 4xx with a page or problem details, never 500 (ADR 0128).</summary>
public abstract class MalformedRequestsTests(PortalFactory factory)
{
    [Theory]
    [InlineData("/returns")]
    [InlineData("/returns/track")]
    [InlineData("/returns/withdraw")]
    [InlineData("/account/login")]
    [InlineData("/no-such-page")]
    public async Task A_form_key_with_an_unclosed_bracket_posted_anonymously_answers_a_4xx_page_not_500(string path)
    {
        var client = factory.CreateBrowserLikeClient();
        foreach (var body in new[] { "a[=1", "[=1", "Form[=x", "Form.OrderNumber[=1&Form.Email=a@b.fr" })
        {
            using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
            using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);

            ((int)response.StatusCode).ShouldBeInRange(400, 499, $"{body} on {path}");
            (await response.Content.ReadAsStringAsync()).ShouldNotContain("Exception");
        }
    }

    [Fact]
    public async Task A_broken_form_key_next_to_a_valid_anti_forgery_token_answers_400_with_the_page_that_says_nothing_changed()
    {
        var client = factory.CreateBrowserLikeClient();
        var page = await client.GetDocumentAsync("/returns");

        using var response = await client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Form.OrderNumber"] = "DEMO-1001",
            ["Form.Email"] = "client@example.fr",
            ["Form[x"] = "1",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var document = await response.ReadDocumentAsync();
        document.QuerySelector("h1").Text().ShouldBe("Demande incompréhensible");
        document.QuerySelector("#bad-request").Text().ShouldContain("Rien n'a été modifié");
    }

    [Theory]
    [InlineData("/api/v1/returns?limit=abc")]
    [InlineData("/api/v1/returns?limit=99999999999999999999")]
    public async Task An_unparsable_query_value_on_the_api_answers_400_problem_details(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-Api-Key", "demo-api-key");
        request.Headers.Add("Accept-Language", "en");
        using var response = await factory.CreateClient().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldContain("\"title\":\"Request not understood\"");
        body.ShouldNotContain("at lambda_method");
    }

    [Fact]
    public async Task A_body_of_the_wrong_content_type_on_the_api_answers_415_problem_details()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/returns")
        {
            Content = new StringContent("orderNumber=DEMO-1001", System.Text.Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add("X-Api-Key", "demo-api-key");
        using var response = await factory.CreateClient().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task An_unknown_api_address_answers_404_problem_details_not_the_people_page()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/no-such-thing");
        request.Headers.Add("X-Api-Key", "demo-api-key");
        using var response = await factory.CreateClient().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Theory]
    [InlineData("/returns/track?q=été", "/returns/track?q=%C3%A9t%C3%A9")]
    [InlineData("/politique-de-retour-€", "/politique-de-retour-%E2%82%AC")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/returns\u0007", "/")]
    public async Task The_language_switch_goes_back_to_a_non_ascii_address_percent_encoded_and_never_off_site(string returnUrl, string expected)
    {
        var client = factory.CreateBrowserLikeClient();
        var page = await client.GetDocumentAsync("/returns");

        using var response = await client.SubmitAsync(page, "#culture-form", new Dictionary<string, string> { ["returnUrl"] = returnUrl }, "culture", "en-GB");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe(expected);
    }

    [Fact]
    public async Task Sign_in_with_a_non_ascii_return_address_redirects_to_it_percent_encoded()
    {
        var client = factory.CreateBrowserLikeClient();
        var page = await client.GetDocumentAsync("/account/login?returnUrl=" + Uri.EscapeDataString("/staff?q=côté"));

        using var response = await client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Form.Email"] = "inspector@example.fr",
            ["Form.Password"] = StaffLogin.DemoPassword,
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/staff?q=c%C3%B4t%C3%A9");
    }

    [Fact]
    public async Task A_checkbox_sent_back_with_a_value_that_is_not_a_boolean_shows_the_form_again_not_500()
    {
        var client = await factory.SignedInAsync("admin@example.fr");
        var page = await client.GetDocumentAsync("/manage/reasons");

        using var response = await client.SubmitAsync(page, "#add-reason", new Dictionary<string, string>
        {
            ["Form.Code"] = "fuzz_reason",
            ["Form.LabelFr"] = "Essai",
            ["Form.LabelEn"] = "Trial",
            ["Form.IsDefect"] = "perhaps",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var document = await response.ReadDocumentAsync();
        document.QuerySelector("#add-reason").ShouldNotBeNull();
        document.QuerySelector(".validation-summary-errors, .field-validation-error, .invalid-feedback").ShouldNotBeNull();
    }
}
