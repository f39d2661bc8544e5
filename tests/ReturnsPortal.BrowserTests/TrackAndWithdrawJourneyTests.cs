using Microsoft.Playwright;
using ReturnsPortal.BrowserTests.Infrastructure;
using ReturnsPortal.Domain.Returns;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ReturnsPortal.BrowserTests;

/// <summary>Following and cancelling a return, and withdrawing from an order, as a customer does it in a browser.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class TrackAndWithdrawJourneyTests(BrowserPortal portal, ITestOutputHelper output)
{
    [Fact]
    public async Task Customer_tracks_a_return_and_cancels_it()
    {
        var seeded = await portal.ReturnAsync(ReturnStatus.Requested, 0);
        await using var session = await portal.NewSessionAsync();
        var page = session.Page;

        await page.GotoAsync("/returns/track");
        // Typed as people type it: lower case, spaces instead of dashes.
        await page.GetByLabel("Numéro de retour (RMA)").FillAsync(seeded.Rma.ToLowerInvariant().Replace('-', ' '));
        await page.GetByLabel("Adresse e-mail").FillAsync(seeded.Email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Suivre mon retour" }).ClickAsync();

        await Expect(page.Locator("#rma")).ToHaveTextAsync(seeded.Rma);
        await Expect(page.Locator("#timeline .timeline-step").First).ToContainTextAsync("Demande de retour enregistrée");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Télécharger l'étiquette (PDF)" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Annuler le retour" }).ClickAsync();
        // Cancelling asks once before it is done (issue 15, item 10).
        await page.GetByRole(AriaRole.Button, new() { Name = "Oui, annuler le retour" }).ClickAsync();

        await Expect(page.Locator("#cancel-confirmation")).ToContainTextAsync("Votre retour est annulé.");
        await Expect(page.Locator("#timeline .timeline-step").Last).ToContainTextAsync("Retour annulé");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Annuler le retour" })).ToHaveCountAsync(0);
        var screenshot = await BrowserPortal.ScreenshotAsync(page, "track-cancel", output);
        new FileInfo(screenshot).Length.ShouldBeGreaterThan(0);
        session.ScriptErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Customer_withdraws_from_an_order_from_the_footer_link()
    {
        var order = await portal.RecentOrderAsync(0);
        await using var session = await portal.NewSessionAsync();
        var page = session.Page;

        await page.GotoAsync("/returns");
        await page.GetByRole(AriaRole.Contentinfo).GetByRole(AriaRole.Link, new() { Name = "Se rétracter du contrat ici" }).ClickAsync();
        await Expect(page.Locator("#withdraw-step")).ToHaveTextAsync("Étape 1 sur 2");
        await page.GetByLabel("Numéro de commande").FillAsync(order.Number);
        await page.GetByLabel("Adresse e-mail").FillAsync(order.Email);
        await page.GetByLabel("Vos nom et prénom").FillAsync(order.CustomerName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();

        await Expect(page.Locator("#withdraw-step")).ToHaveTextAsync("Étape 2 sur 2");
        await Expect(page.Locator("#summary-heading")).ToContainTextAsync(order.Number);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer la rétractation" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Rétractation reçue");
        await Expect(page.Locator("#withdraw-content")).ToContainTextAsync($"Commande {order.Number}");
        await Expect(page.Locator("#withdraw-reference")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^RT-"));
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Télécharger le reçu (PDF)" }).ClickAsync());
        download.SuggestedFilename.ShouldEndWith(".pdf");
        var screenshot = await BrowserPortal.ScreenshotAsync(page, "withdrawal", output);
        new FileInfo(screenshot).Length.ShouldBeGreaterThan(0);
        session.ScriptErrors.ShouldBeEmpty();
    }
}
