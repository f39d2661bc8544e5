using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Returns;

/// <summary>Finding an order (Pages/Returns/Index): number with e-mail or postcode, neutral refusals, messages, anti-forgery.</summary>
public abstract class IndexTests(PortalFactory factory)
{
    private const string NeutralMessageFr = "Nous n'avons trouvé aucune commande avec ce numéro et cette adresse e-mail";

    [Fact]
    public async Task The_right_order_number_and_email_open_the_order_with_its_lines()
    {
        var client = factory.CreateBrowserLikeClient();
        var page = await client.GetDocumentAsync("/returns");

        using var response = await client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Form.OrderNumber"] = "DEMO-1001",
            ["Form.Email"] = "client@example.fr",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/returns/order");
        var order = await client.GetDocumentAsync("/returns/order");
        order.QuerySelector("h1").Text().ShouldBe("Commande DEMO-1001");
        order.QuerySelectorAll(".order-line").Length.ShouldBe(3);
        order.QuerySelectorAll(".non-returnable").Select(e => e.Text())
            .ShouldBe(["Article d'hygiène : non repris une fois ouvert"]);
    }

    [Fact]
    public async Task Order_number_and_email_are_matched_as_people_type_them()
    {
        var client = factory.CreateBrowserLikeClient();
        var page = await client.GetDocumentAsync("/returns");

        using var response = await client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Form.OrderNumber"] = "  demo-1001 ",
            ["Form.Email"] = " Client@Example.FR",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Theory]
    [InlineData("DEMO-1001", "someone.else@example.fr")]
    [InlineData("CMD-999999", "client@example.fr")]
    [InlineData("NOPE-0000", "nobody@example.fr")]
    public async Task A_wrong_pair_gets_one_neutral_message_and_no_access(string number, string email)
    {
        var client = factory.CreateBrowserLikeClient();
        var page = await client.GetDocumentAsync("/returns");

        using var response = await client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Form.OrderNumber"] = number,
            ["Form.Email"] = email,
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
        var result = await response.ReadDocumentAsync();
        result.QuerySelector("#error-summary").Text().ShouldContain(NeutralMessageFr);
        using var order = await client.GetAsync(new Uri("/returns/order", UriKind.Relative));
        order.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task The_delivery_postcode_with_the_last_name_opens_the_order_instead_of_the_email()
    {
        var postcode = await PostcodeOfAsync("DEMO-1001");
        var client = factory.CreateBrowserLikeClient();
        var page = await client.GetDocumentAsync("/returns");
        page.QuerySelector("label[for='Form_LastName']")!.Text().ShouldBe("Nom de famille");

        using var response = await client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Form.OrderNumber"] = "demo-1001",
            ["Form.Email"] = "",
            ["Form.Postcode"] = $" {postcode[..2]} {postcode[2..]} ",
            // Trimmed, in any case: the demo customer is Camille Martin.
            ["Form.LastName"] = "  MARTIN ",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/returns/order");
        (await client.GetDocumentAsync("/returns/order")).QuerySelector("h1").Text().ShouldBe("Commande DEMO-1001");
    }

    [Fact]
    public async Task A_wrong_postcode_gets_the_neutral_message_and_no_access()
    {
        var postcode = await PostcodeOfAsync("DEMO-1001");
        var client = factory.CreateBrowserLikeClient();
        var page = await client.GetDocumentAsync("/returns");

        using var response = await client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Form.OrderNumber"] = "DEMO-1001",
            ["Form.Email"] = "",
            ["Form.Postcode"] = postcode == "99999" ? "99998" : "99999",
            ["Form.LastName"] = "Martin",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
        var result = await response.ReadDocumentAsync();
        result.QuerySelector("#error-summary").Text()
            .ShouldContain("Nous n'avons trouvé aucune commande avec ce numéro, ce code postal de livraison et ce nom de famille");
    }

    [Fact]
    public async Task The_right_postcode_with_another_last_name_opens_nothing()
    {
        var postcode = await PostcodeOfAsync("DEMO-1001");
        var client = factory.CreateBrowserLikeClient();
        var page = await client.GetDocumentAsync("/returns");

        using var response = await client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Form.OrderNumber"] = "DEMO-1001",
            ["Form.Email"] = "",
            ["Form.Postcode"] = postcode,
            ["Form.LastName"] = "Dupont",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
        (await response.ReadDocumentAsync()).QuerySelector("#error-summary").Text()
            .ShouldContain("Nous n'avons trouvé aucune commande avec ce numéro, ce code postal de livraison et ce nom de famille");
    }

    [Fact]
    public async Task The_postcode_alone_asks_for_the_last_name_and_opens_nothing()
    {
        var postcode = await PostcodeOfAsync("DEMO-1001");
        var client = factory.CreateBrowserLikeClient();
        var page = await client.GetDocumentAsync("/returns");

        using var response = await client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Form.OrderNumber"] = "DEMO-1001",
            ["Form.Email"] = "",
            ["Form.Postcode"] = postcode,
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
        var result = await response.ReadDocumentAsync();
        const string message = "Avec le code postal, saisissez aussi votre nom de famille tel qu'indiqué sur la commande.";
        result.QuerySelector("[data-valmsg-for='Form.LastName']").Text().ShouldBe(message);
        result.QuerySelectorAll("#error-summary li").Select(e => e.Text()).ShouldBe([message]);
    }

    [Fact]
    public async Task A_right_email_with_a_wrong_postcode_opens_nothing()
    {
        var client = factory.CreateBrowserLikeClient();
        var page = await client.GetDocumentAsync("/returns");

        using var response = await client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Form.OrderNumber"] = "DEMO-1001",
            ["Form.Email"] = "client@example.fr",
            ["Form.Postcode"] = "00000",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain(NeutralMessageFr);
    }

    [Theory]
    [InlineData("", "", "Form.Email", "Saisissez l'adresse e-mail utilisée lors de la commande, ou le code postal de livraison.")]
    [InlineData("", "75<script>", "Form.Postcode", "Saisissez un code postal valide, par exemple 75011.")]
    [InlineData("", "12345678901234", "Form.Postcode", "Saisissez un code postal valide, par exemple 75011.")]
    public async Task Without_a_valid_email_or_postcode_the_field_says_what_to_enter(string email, string postcode, string field, string message)
    {
        var client = factory.CreateBrowserLikeClient();
        var page = await client.GetDocumentAsync("/returns");

        using var response = await client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Form.OrderNumber"] = "DEMO-1001",
            ["Form.Email"] = email,
            ["Form.Postcode"] = postcode,
            ["Form.LastName"] = "Martin",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var result = await response.ReadDocumentAsync();
        result.QuerySelector($"[data-valmsg-for='{field}']").Text().ShouldBe(message);
        result.QuerySelectorAll("#error-summary li").Select(e => e.Text()).ShouldBe([message]);
    }

    [Fact]
    public async Task Empty_fields_get_a_message_next_to_each_field_and_in_the_summary()
    {
        var client = factory.CreateBrowserLikeClient();
        var page = await client.GetDocumentAsync("/returns");

        using var response = await client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Form.OrderNumber"] = "",
            ["Form.Email"] = "not-an-email",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var result = await response.ReadDocumentAsync();
        result.QuerySelector("[data-valmsg-for='Form.OrderNumber']").Text().ShouldBe("Saisissez votre numéro de commande.");
        result.QuerySelector("[data-valmsg-for='Form.Email']").Text().ShouldStartWith("Saisissez une adresse e-mail valide");
        result.QuerySelectorAll("#error-summary li").Length.ShouldBe(2);
    }

    [Fact]
    public async Task Messages_follow_the_chosen_language()
    {
        var client = factory.CreateBrowserLikeClient();
        var home = await client.GetDocumentAsync("/returns");
        using var switched = await client.SubmitAsync(home, "#culture-form", new Dictionary<string, string>(), "culture", "en-GB");
        switched.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var page = await client.GetDocumentAsync("/returns");
        page.DocumentElement.GetAttribute("lang").ShouldBe("en");
        using var response = await client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Form.OrderNumber"] = "",
            ["Form.Email"] = "",
        });
        var result = await response.ReadDocumentAsync();
        result.QuerySelector("[data-valmsg-for='Form.OrderNumber']").Text().ShouldBe("Enter your order number.");
    }

    [Fact]
    public async Task A_post_without_the_anti_forgery_token_is_refused()
    {
        var client = factory.CreateBrowserLikeClient();
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.OrderNumber"] = "DEMO-1001",
            ["Form.Email"] = "client@example.fr",
        });

        using var response = await client.PostAsync(new Uri("/returns", UriKind.Relative), content);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private async Task<string> PostcodeOfAsync(string number)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        return await db.Orders.Where(o => o.Number == number).Select(o => o.Postcode).SingleAsync();
    }
}

public sealed class IndexTests_Sqlite(SqlitePortalFactory factory) : IndexTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class IndexTests_Postgres(PostgresPortalFactory factory) : IndexTests(factory), IClassFixture<PostgresPortalFactory>;
