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

/// <summary>The withdrawal function: footer link, two steps, acknowledgement, receipt, outbox, period, idempotence.</summary>
public abstract class WithdrawTests(PortalFactory factory)
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
        var order = await RecentOrderAsync(0);
        var client = factory.CreateBrowserLikeClient();

        var summary = await IdentifyAsync(client, order.Number, order.Email, "Camille <b>Martin</b>");

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
        var order = await RecentOrderAsync(1);
        var client = factory.CreateBrowserLikeClient();
        var summary = await IdentifyAsync(client, order.Number, order.Email, "Alex Durand");

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
        using var identify = await again.SubmitAsync(page, "#identify-form", Fields(order.Number, order.Email, "Alex Durand"));
        identify.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var done = await again.GetDocumentAsync("/returns/withdraw/done");
        done.QuerySelector("#withdraw-reference").Text().ShouldBe(reference);
    }

    [Fact]
    public async Task After_the_withdrawal_period_it_is_refused_with_a_clear_message()
    {
        var client = factory.CreateBrowserLikeClient();
        var page = await client.GetDocumentAsync("/returns/withdraw");

        using var response = await client.SubmitAsync(page, "#identify-form", Fields("DEMO-1002", "client@example.fr", "Camille Martin"));

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
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>(Fields("DEMO-1002", "client@example.fr", "Camille Martin"))
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

        using var wrong = await client.SubmitAsync(page, "#identify-form", Fields("DEMO-1001", "someone.else@example.fr", "Camille Martin"));
        (await wrong.ReadDocumentAsync()).QuerySelector("#error-summary").Text()
            .ShouldContain("Nous n'avons trouvé aucune commande avec ce numéro et cette adresse e-mail");

        using var noName = await client.SubmitAsync(page, "#identify-form", Fields("DEMO-1001", "client@example.fr", "  "));
        (await noName.ReadDocumentAsync()).QuerySelector("[data-valmsg-for='Form.Name']").Text().ShouldBe("Saisissez vos nom et prénom.");
        (await WithdrawalsOfNumberAsync("DEMO-1001")).ShouldBe(0);
    }

    [Fact]
    public async Task The_acknowledgement_and_receipt_need_the_order_cookie()
    {
        var client = factory.CreateBrowserLikeClient();

        using var done = await client.GetAsync(new Uri("/returns/withdraw/done", UriKind.Relative));
        using var receipt = await client.GetAsync(new Uri("/returns/withdraw/receipt", UriKind.Relative));

        done.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        receipt.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task After_a_withdrawal_the_page_receipt_and_email_say_how_where_and_by_when_and_the_order_page_agrees()
    {
        var order = await OrderWithoutReturnsAsync();
        var client = factory.CreateBrowserLikeClient();
        var summary = await IdentifyAsync(client, order.Number, order.Email, "Dominique Petit");
        using (var confirmed = await client.SubmitAsync(summary, "#confirm-form", new Dictionary<string, string>()))
        {
            confirmed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var saved = await db.Withdrawals.AsNoTracking().SingleAsync(w => w.OrderId == order.Id);
        var lastDay = ReturnsPortal.Domain.Returns.ReturnEligibility.ParisDate(saved.SubmittedAt).AddDays(14);
        var sendBackBy = lastDay.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"));
        var warehouses = await db.Warehouses.Select(w => w.Name).ToListAsync();

        var done = await client.GetDocumentAsync("/returns/withdraw/done");
        var steps = done.QuerySelectorAll("#withdraw-next-steps li").Select(li => li.Text()).ToList();
        steps[0].ShouldBe($"Renvoyez les articles au plus tard le {sendBackBy} : 14 jours après votre rétractation (article L221-23 du Code de la consommation).");
        steps[1].ShouldStartWith("Adresse de renvoi : ");
        warehouses.ShouldContain(w => steps[1].Contains(w, StringComparison.Ordinal));
        steps[2].ShouldMatch("(Le renvoi ne vous coûte rien|Les frais directs de renvoi sont à votre charge)");
        steps[3].ShouldContain("article L221-24");
        done.QuerySelector("#withdraw-seller").Text().ShouldBe("Maison Lumière SAS (démo), 18 rue des Tanneurs, 69002 Lyon, France");
        done.QuerySelector("#withdraw-order-link")!.GetAttribute("href").ShouldBe("/returns/order");

        using var receipt = await client.GetAsync(new Uri("/returns/withdraw/receipt", UriKind.Relative));
        var text = await PdfTextAsync(await receipt.Content.ReadAsByteArrayAsync());
        text.ShouldContain("Vendeur : Maison Lumière SAS (démo), 18 rue des Tanneurs, 69002 Lyon, France");
        text.ShouldContain($"Renvoyez les articles au plus tard le {sendBackBy}");
        text.ShouldContain("Adresse de renvoi : ");
        text.ShouldContain("article L221-24");

        // The order page no longer offers to withdraw, and says the goods are to be sent back, not "already returned".
        var orderPage = await client.GetDocumentAsync("/returns/order");
        orderPage.QuerySelector("#withdraw-link").ShouldBeNull();
        orderPage.QuerySelector("#withdrawal-sent").Text().ShouldContain(saved.Reference);
        orderPage.QuerySelector("#withdrawal-ack-link")!.GetAttribute("href").ShouldBe("/returns/withdraw/done");
        var statuses = orderPage.QuerySelectorAll(".order-line .line-status").Select(e => e.Text()).ToList();
        statuses.ShouldNotContain(t => t.Contains("Déjà retourné", StringComparison.Ordinal));
        statuses.ShouldContain($"Rétractation envoyée — à renvoyer au plus tard le {lastDay.ToString("d MMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"))}");

        // The acknowledgement e-mail says the same and leads to the order, not to the empty look-up form.
        var message = await db.Outbox.AsNoTracking().SingleAsync(m => m.DedupeKey == $"withdrawal:{saved.Reference}");
        var email = await scope.ServiceProvider.GetRequiredService<ReturnsPortal.Web.Notifications.CustomerEmails>().ComposeAsync(message, CancellationToken.None);
        email!.Text.ShouldContain($"Renvoyez les articles au plus tard le {sendBackBy}");
        email.Text.ShouldContain("Adresse de renvoi : ");
        email.Text.ShouldContain("Vendeur : Maison Lumière SAS (démo), 18 rue des Tanneurs, 69002 Lyon, France");
        email.Text.ShouldContain("article L221-24");
        email.Html.ShouldContain("href=\"http://localhost:5080/returns/order\"");
        email.Html.ShouldNotContain("href=\"http://localhost:5080/returns\"");
    }

    [Fact]
    public async Task An_empty_form_says_what_is_missing_in_words_in_the_order_of_the_form()
    {
        var client = factory.CreateBrowserLikeClient();
        var page = await client.GetDocumentAsync("/returns/withdraw");

        using var response = await client.SubmitAsync(page, "#identify-form", Fields("", "", ""));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var result = await response.ReadDocumentAsync();
        result.QuerySelectorAll("#error-summary li").Select(li => li.Text()).ShouldBe([
            "Saisissez votre numéro de commande.",
            "Saisissez l'adresse e-mail utilisée pour la commande.",
            "Saisissez vos nom et prénom.",
        ]);
        result.QuerySelector("[data-valmsg-for='Form.Email']").Text().ShouldBe("Saisissez l'adresse e-mail utilisée pour la commande.");
    }

    private static async Task<string> PdfTextAsync(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"rp-receipt-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/pdftotext", [path, "-"])
            {
                RedirectStandardOutput = true,
            })!;
            var text = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            // The receipt wraps long lines: compare the words, not the line breaks.
            return System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A recent seeded order with no return yet, from the other end of the list than <see cref="RecentOrderAsync"/>.</summary>
    private async Task<RecentOrder> OrderWithoutReturnsAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var since = DateTime.UtcNow.AddDays(-10);
        return await db.Orders.AsNoTracking()
            .Where(o => o.DeliveredAt > since && !o.Number.StartsWith("DEMO-") && !db.Returns.Any(r => r.OrderId == o.Id)
                && !db.Withdrawals.Any(w => w.OrderId == o.Id))
            .OrderByDescending(o => o.Id)
            .Select(o => new RecentOrder(o.Id, o.Number, o.Email, o.Lines.Count))
            .FirstAsync();
    }

    private static Dictionary<string, string> Fields(string number, string email, string name) => new()
    {
        ["Form.OrderNumber"] = number,
        ["Form.Email"] = email,
        ["Form.Name"] = name,
    };

    private static async Task<IHtmlDocument> IdentifyAsync(HttpClient client, string number, string email, string name)
    {
        var page = await client.GetDocumentAsync("/returns/withdraw");
        page.QuerySelector("#withdraw-step").Text().ShouldBe("Étape 1 sur 2");
        using var response = await client.SubmitAsync(page, "#identify-form", Fields(number, email, name));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.ReadDocumentAsync();
    }

    private sealed record RecentOrder(int Id, string Number, string Email, int LineCount);

    /// <summary>A seeded order delivered a few days ago (inside the period), other than the README's demo orders.</summary>
    private async Task<RecentOrder> RecentOrderAsync(int index)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var since = DateTime.UtcNow.AddDays(-10);
        return await db.Orders.AsNoTracking()
            .Where(o => o.DeliveredAt > since && !o.Number.StartsWith("DEMO-"))
            .OrderBy(o => o.Id)
            .Skip(index)
            .Select(o => new RecentOrder(o.Id, o.Number, o.Email, o.Lines.Count))
            .FirstAsync();
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

public sealed class WithdrawTests_Sqlite(SqlitePortalFactory factory) : WithdrawTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class WithdrawTests_Postgres(PostgresPortalFactory factory) : WithdrawTests(factory), IClassFixture<PostgresPortalFactory>;
