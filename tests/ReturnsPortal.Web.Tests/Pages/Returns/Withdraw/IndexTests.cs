using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Withdrawals;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Returns.Withdraw;

/// <summary>
/// The withdrawal function (Pages/Returns/Withdraw/Index): the footer link to it, its two steps, the record and its
/// outbox message, the period, idempotence. What the acknowledgement page and the receipt say is in <see cref="DoneTests"/>.
/// </summary>
public abstract class IndexTests(PortalFactory factory)
{
    [Theory]
    [InlineData("/returns")]
    [InlineData("/returns/track")]
    [InlineData("/")]
    public async Task Every_customer_page_links_to_the_withdrawal_function_from_its_footer(string path)
    {
        var page = await factory.CreateBrowserLikeClient().GetDocumentAsync(path);

        var link = page.QuerySelector("footer a#footer-withdraw-link");
        link.Text().ShouldBe("Se rétracter du contrat ici");
        link!.GetAttribute("href").ShouldBe("/returns/withdraw");
    }

    [Fact]
    public async Task Two_steps_then_an_acknowledgement_with_a_receipt_and_one_outbox_message()
    {
        var order = await TestReturns.NewOrderAsync(factory, 3, new TestReturns.Line(), new TestReturns.Line(2));
        var client = factory.CreateBrowserLikeClient();

        var summary = await WithdrawSteps.IdentifyAsync(client, order.Number, order.Email, "Camille <b>Martin</b>");

        summary.QuerySelector("#withdraw-step").Text().ShouldBe("Étape 2 sur 2");
        summary.QuerySelector("#summary-heading").Text().ShouldBe($"Vous vous rétractez de la commande {order.Number}");
        summary.QuerySelectorAll(".withdraw-line").Length.ShouldBe(order.LineCount);
        summary.QuerySelector("#period-end").Text().ShouldNotBeEmpty();
        summary.QuerySelector("#confirm-form button").Text().ShouldBe("Confirmer la rétractation");
        (await WithdrawalsOfAsync(order.Id)).ShouldBe(0, "step 1 changes nothing");

        using var confirmed = await client.SubmitAsync(summary, "#confirm-form", new Dictionary<string, string>());

        confirmed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        confirmed.Headers.Location!.OriginalString.ShouldBe("/returns/withdraw/done");
        var done = await client.GetDocumentAsync("/returns/withdraw/done");
        done.QuerySelector("#withdraw-ack").Text().ShouldStartWith("Nous avons reçu votre rétractation le");
        done.QuerySelector("#withdraw-content").Text().ShouldStartWith($"Commande {order.Number}");
        done.QuerySelector("#withdraw-at").Text().ShouldEndWith("(Europe/Paris)");
        // Whatever was typed is shown as text, never as markup.
        done.QuerySelector("main")!.InnerHtml.ShouldContain("Camille &lt;b&gt;Martin&lt;/b&gt;");

        using var receipt = await client.GetAsync(new Uri("/returns/withdraw/receipt", UriKind.Relative));
        receipt.StatusCode.ShouldBe(HttpStatusCode.OK);
        receipt.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        System.Text.Encoding.ASCII.GetString(await receipt.Content.ReadAsByteArrayAsync(), 0, 5).ShouldBe("%PDF-");

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var saved = await db.Withdrawals.AsNoTracking().SingleAsync(w => w.OrderId == order.Id);
        saved.CustomerName.ShouldBe("Camille <b>Martin</b>");
        saved.RefundDeadline.ShouldBe(saved.SubmittedAt.AddDays(14));
        done.QuerySelector("#withdraw-reference").Text().ShouldBe(saved.Reference);
        var message = await db.Outbox.AsNoTracking().SingleAsync(m => m.DedupeKey == $"withdrawal:{saved.Reference}");
        message.Type.ShouldBe(Domain.Notifications.MessageTypes.WithdrawalReceived);
        using var payload = JsonDocument.Parse(message.Payload);
        payload.RootElement.GetProperty("language").GetString().ShouldBe("fr");
        payload.RootElement.GetProperty("email").GetString().ShouldBe(order.Email.ToLowerInvariant());
    }

    [Fact]
    public async Task Withdrawing_twice_shows_the_first_acknowledgement_and_records_nothing_more()
    {
        var order = await TestReturns.NewOrderAsync(factory);
        var client = factory.CreateBrowserLikeClient();
        var summary = await WithdrawSteps.IdentifyAsync(client, order.Number, order.Email, "Alex Durand");

        using var first = await client.SubmitAsync(summary, "#confirm-form", new Dictionary<string, string>());
        // The same confirmation posted again (double click, back button).
        using var second = await client.SubmitAsync(summary, "#confirm-form", new Dictionary<string, string>());

        first.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        second.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        second.Headers.Location!.OriginalString.ShouldBe("/returns/withdraw/done");
        (await WithdrawalsOfAsync(order.Id)).ShouldBe(1);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var reference = await db.Withdrawals.Where(w => w.OrderId == order.Id).Select(w => w.Reference).SingleAsync();
        (await db.Outbox.CountAsync(m => m.Type == Domain.Notifications.MessageTypes.WithdrawalReceived && m.Payload.Contains(reference))).ShouldBe(1);

        // Identifying the order again leads straight to the existing acknowledgement.
        var again = factory.CreateBrowserLikeClient();
        var page = await again.GetDocumentAsync("/returns/withdraw");
        using var identify = await again.SubmitAsync(page, "#identify-form", WithdrawSteps.Fields(order.Number, order.Email, "Alex Durand"));
        identify.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var done = await again.GetDocumentAsync("/returns/withdraw/done");
        done.QuerySelector("#withdraw-reference").Text().ShouldBe(reference);
    }

    [Fact]
    public async Task After_the_withdrawal_period_it_is_refused_with_a_clear_message()
    {
        var client = factory.CreateBrowserLikeClient();
        var page = await client.GetDocumentAsync("/returns/withdraw");

        using var response = await client.SubmitAsync(page, "#identify-form", WithdrawSteps.Fields("DEMO-1002", "client@example.fr", "Camille Martin"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var result = await response.ReadDocumentAsync();
        result.QuerySelector("#error-summary").Text().ShouldContain("Le délai de rétractation de cette commande a pris fin le");
        result.QuerySelector("#confirm-form").ShouldBeNull();
        (await WithdrawalsOfNumberAsync("DEMO-1002")).ShouldBe(0);
    }

    [Fact]
    public async Task A_forged_confirmation_after_the_period_is_refused_too()
    {
        var client = factory.CreateBrowserLikeClient();
        var page = await client.GetDocumentAsync("/returns/withdraw");
        var token = page.QuerySelector<IHtmlInputElement>("#identify-form input[name='__RequestVerificationToken']")!.Value;
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>(WithdrawSteps.Fields("DEMO-1002", "client@example.fr", "Camille Martin"))
        {
            ["__RequestVerificationToken"] = token,
        });

        using var response = await client.PostAsync(new Uri("/returns/withdraw?handler=Confirm", UriKind.Relative), content);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("a pris fin le");
        (await WithdrawalsOfNumberAsync("DEMO-1002")).ShouldBe(0);
    }

    [Fact]
    public async Task A_wrong_pair_or_missing_name_changes_nothing_and_says_why()
    {
        var client = factory.CreateBrowserLikeClient();
        var page = await client.GetDocumentAsync("/returns/withdraw");

        using var wrong = await client.SubmitAsync(page, "#identify-form", WithdrawSteps.Fields("DEMO-1001", "someone.else@example.fr", "Camille Martin"));
        (await wrong.ReadDocumentAsync()).QuerySelector("#error-summary").Text()
            .ShouldContain("Nous n'avons trouvé aucune commande avec ce numéro et cette adresse e-mail");

        using var noName = await client.SubmitAsync(page, "#identify-form", WithdrawSteps.Fields("DEMO-1001", "client@example.fr", "  "));
        (await noName.ReadDocumentAsync()).QuerySelector("[data-valmsg-for='Form.Name']").Text().ShouldBe("Saisissez vos nom et prénom.");
        (await WithdrawalsOfNumberAsync("DEMO-1001")).ShouldBe(0);
    }

    [Fact]
    public async Task An_empty_form_says_what_is_missing_in_words_in_the_order_of_the_form()
    {
        var client = factory.CreateBrowserLikeClient();
        var page = await client.GetDocumentAsync("/returns/withdraw");

        using var response = await client.SubmitAsync(page, "#identify-form", WithdrawSteps.Fields("", "", ""));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var result = await response.ReadDocumentAsync();
        result.QuerySelectorAll("#error-summary li").Select(li => li.Text()).ShouldBe([
            "Saisissez votre numéro de commande.",
            "Saisissez l'adresse e-mail utilisée pour la commande.",
            "Saisissez vos nom et prénom.",
        ]);
        result.QuerySelector("[data-valmsg-for='Form.Email']").Text().ShouldBe("Saisissez l'adresse e-mail utilisée pour la commande.");
    }

    private async Task<int> WithdrawalsOfAsync(int orderId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReturnsDbContext>().Withdrawals.CountAsync(w => w.OrderId == orderId);
    }

    private async Task<int> WithdrawalsOfNumberAsync(string number)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReturnsDbContext>().Withdrawals.CountAsync(w => w.OrderNumber == number);
    }
}

public sealed class IndexTests_Sqlite(SqlitePortalFactory factory) : IndexTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class IndexTests_Postgres(PostgresPortalFactory factory) : IndexTests(factory), IClassFixture<PostgresPortalFactory>;
