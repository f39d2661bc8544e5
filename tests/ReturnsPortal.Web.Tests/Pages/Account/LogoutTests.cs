using System.Net;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Account;

/// <summary>Staff sign-out (Pages/Account/Logout), from the form every staff page carries.</summary>
public abstract class LogoutTests(PortalFactory factory)
{
    [Fact]
    public async Task Signing_out_closes_the_queue()
    {
        var client = await factory.SignedInAsync("inspector@example.fr");
        var queue = await client.GetDocumentAsync("/staff");

        using var response = await client.SubmitAsync(queue, "form[action='/account/logout']", new Dictionary<string, string>());

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var after = await client.GetAsync(new Uri("/staff", UriKind.Relative));
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }
}

public sealed class LogoutTests_Sqlite(SqlitePortalFactory factory) : LogoutTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class LogoutTests_Postgres(PostgresPortalFactory factory) : LogoutTests(factory), IClassFixture<PostgresPortalFactory>;
