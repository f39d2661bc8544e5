using System.Net;
using AngleSharp.Dom;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Account;

/// <summary>Staff sign-in (Pages/Account/Login) over the real form.</summary>
public abstract class LoginTests(PortalFactory factory)
{
    [Theory]
    [InlineData("inspector@example.fr")]
    [InlineData("manager@example.fr")]
    public async Task A_demo_account_signs_in_and_reaches_the_queue_of_seeded_returns(string email)
    {
        var client = factory.CreateBrowserLikeClient();
        var login = await client.GetDocumentAsync("/account/login?ReturnUrl=%2Fstaff");

        using var response = await client.SubmitAsync(login, "main form", new Dictionary<string, string>
        {
            ["Form.Email"] = email,
            ["Form.Password"] = "Demo!2026returns",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/staff");
        var queue = await client.GetDocumentAsync("/staff");
        queue.QuerySelector("h1").Text().ShouldBe("File des retours");
        queue.QuerySelectorAll("#queue tbody tr").Length.ShouldBeGreaterThan(10);
        // One filter chip per status plus "All", each with a count.
        queue.QuerySelectorAll(".status-counts .nav-link").Length.ShouldBe(Enum.GetValues<ReturnStatus>().Length + 1);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message()
    {
        var client = factory.CreateBrowserLikeClient();
        var login = await client.GetDocumentAsync("/account/login");

        using var response = await client.SubmitAsync(login, "main form", new Dictionary<string, string>
        {
            ["Form.Email"] = "agent@example.fr",
            ["Form.Password"] = "not the password",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("Adresse e-mail ou mot de passe incorrect.");
        using var queue = await client.GetAsync(new Uri("/staff", UriKind.Relative));
        queue.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Empty_login_fields_get_their_own_messages()
    {
        var client = factory.CreateBrowserLikeClient();
        var login = await client.GetDocumentAsync("/account/login");

        using var response = await client.SubmitAsync(login, "main form", new Dictionary<string, string>
        {
            ["Form.Email"] = "",
            ["Form.Password"] = "",
        });

        var page = await response.ReadDocumentAsync();
        page.QuerySelector("[data-valmsg-for='Form.Email']").Text().ShouldBe("Saisissez votre adresse e-mail.");
        page.QuerySelector("[data-valmsg-for='Form.Password']").Text().ShouldBe("Saisissez votre mot de passe.");
    }
}

public sealed class LoginTests_Sqlite(SqlitePortalFactory factory) : LoginTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class LoginTests_Postgres(PostgresPortalFactory factory) : LoginTests(factory), IClassFixture<PostgresPortalFactory>;
