using System.Net;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Staff;

public abstract class QueueTests(PortalFactory factory)
{
    [Fact]
    public async Task The_queue_sends_a_visitor_to_the_login_page()
    {
        var client = factory.CreateBrowserLikeClient();

        using var response = await client.GetAsync(new Uri("/staff", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.AbsolutePath.ShouldBe("/account/login");
    }

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
    public async Task The_status_filter_lives_in_the_url()
    {
        var client = await SignedInAsync("agent@example.fr");

        var queue = await client.GetDocumentAsync("/staff?status=AwaitingApproval");

        var chips = queue.QuerySelectorAll("#queue tbody .status-chip").Select(c => c.Text()).Distinct().ToList();
        chips.ShouldBe(["En attente de validation"]);
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

    [Fact]
    public async Task Signing_out_closes_the_queue()
    {
        var client = await SignedInAsync("inspector@example.fr");
        var queue = await client.GetDocumentAsync("/staff");

        using var response = await client.SubmitAsync(queue, "form[action='/account/logout']", new Dictionary<string, string>());

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var after = await client.GetAsync(new Uri("/staff", UriKind.Relative));
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = factory.CreateBrowserLikeClient();
        var login = await client.GetDocumentAsync("/account/login");
        using var response = await client.SubmitAsync(login, "main form", new Dictionary<string, string>
        {
            ["Form.Email"] = email,
            ["Form.Password"] = "Demo!2026returns",
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return client;
    }
}

public sealed class QueueTests_Sqlite(SqlitePortalFactory factory) : QueueTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class QueueTests_Postgres(PostgresPortalFactory factory) : QueueTests(factory), IClassFixture<PostgresPortalFactory>;
