using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Returns.Withdraw;

/// <summary>
/// After a withdrawal (Pages/Returns/Withdraw/Done and the PDF of Receipt, which say the same): what to do, by when and
/// where, the seller, and the order page and the acknowledgement e-mail that agree with them.
/// </summary>
public abstract class DoneTests(PortalFactory factory)
{
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
        var order = await TestReturns.NewOrderAsync(factory);
        var client = factory.CreateBrowserLikeClient();
        var summary = await WithdrawSteps.IdentifyAsync(client, order.Number, order.Email, "Dominique Petit");
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
}

public sealed class DoneTests_Sqlite(SqlitePortalFactory factory) : DoneTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class DoneTests_Postgres(PostgresPortalFactory factory) : DoneTests(factory), IClassFixture<PostgresPortalFactory>;
