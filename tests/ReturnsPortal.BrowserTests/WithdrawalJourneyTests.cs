using Microsoft.Playwright;
using ReturnsPortal.BrowserTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ReturnsPortal.BrowserTests;

/// <summary>
/// Issue 15 items 6 and 11 on a phone: a customer finds "Suivre un retour" everywhere and no staff entry in the menu;
/// after withdrawing they are told how, where and by when to send the goods back, and their order page agrees.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class WithdrawalJourneyTests(BrowserPortal portal, ITestOutputHelper output)
{
    private readonly AxeFindings violations = new(output);

    [Fact]
    public async Task Customer_on_a_phone_finds_track_a_return_in_the_menu_home_and_footer_and_no_staff_entry()
    {
        await using var session = await portal.NewSessionAsync();
        var page = session.Page;
        await page.SetViewportSizeAsync(390, 844);

        await page.GotoAsync("/");
        await Expect(page.Locator("#home-track-link")).ToHaveTextAsync("Suivre un retour");
        await Expect(page.Locator("footer #footer-track-link")).ToHaveTextAsync("Suivre un retour");
        await violations.CheckAsync(page, "/ (phone)");

        await page.Locator(".navbar-toggler").ClickAsync();
        var menu = page.Locator("#main-nav");
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Suivre un retour" })).ToBeVisibleAsync();
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Espace entrepôt" })).ToHaveCountAsync(0);
        await violations.CheckAsync(page, "/ (phone, menu open)");
        await menu.GetByRole(AriaRole.Link, new() { Name = "Suivre un retour" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/returns/track$"));
        await Expect(page.GetByLabel("Numéro de retour (RMA)")).ToBeVisibleAsync();
        // Staff still find their way in, from the footer.
        await Expect(page.Locator("footer #footer-staff-link")).ToHaveAttributeAsync("href", "/staff");
        await BrowserPortal.ScreenshotAsync(page, "phone-track-from-menu", output);
        session.ScriptErrors.ShouldBeEmpty();
        violations.ToString().ShouldBeEmpty("axe found violations");
    }

    [Fact]
    public async Task Customer_on_a_phone_withdraws_and_is_told_how_where_and_by_when_and_the_order_page_agrees()
    {
        // Its own order (two black T-shirts, delivered 3 days ago, no return yet), so no other journey shares it.
        var (number, email) = await portal.NewDeliveredOrderAsync(
            "VET-TSH-001-M-NOIR", quantity: 2, unitPriceCents: 1990, "Claude Bernard", "69002", emailPrefix: "wd", numberPrefix: "TEST-WD-");
        await using var session = await portal.NewSessionAsync();
        var page = session.Page;
        await page.SetViewportSizeAsync(390, 844);

        await page.GotoAsync("/returns");
        await page.GetByRole(AriaRole.Contentinfo).GetByRole(AriaRole.Link, new() { Name = "Se rétracter du contrat ici" }).ClickAsync();
        // Sent empty first: words in the form's order, never a resource key.
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        await Expect(page.Locator("#error-summary li")).ToHaveTextAsync([
            "Saisissez votre numéro de commande.",
            "Saisissez l'adresse e-mail utilisée pour la commande.",
            "Saisissez vos nom et prénom.",
        ]);
        await violations.CheckAsync(page, "/returns/withdraw (empty form)");
        await page.GetByLabel("Numéro de commande").FillAsync(number);
        await page.GetByLabel("Adresse e-mail").FillAsync(email);
        await page.GetByLabel("Vos nom et prénom").FillAsync("Claude Bernard");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer la rétractation" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Rétractation reçue");
        var steps = page.Locator("#withdraw-next-steps li");
        await Expect(steps.Nth(0)).ToContainTextAsync("Renvoyez les articles au plus tard le");
        await Expect(steps.Nth(0)).ToContainTextAsync("L221-23");
        await Expect(steps.Nth(1)).ToContainTextAsync("Adresse de renvoi :");
        await Expect(steps.Nth(2)).ToContainTextAsync(new System.Text.RegularExpressions.Regex("ne vous coûte rien|à votre charge"));
        await Expect(steps.Nth(3)).ToContainTextAsync("L221-24");
        await Expect(page.Locator("#withdraw-seller")).ToContainTextAsync("Maison Lumière SAS");
        await violations.CheckAsync(page, "/returns/withdraw/done (phone)");
        await BrowserPortal.ScreenshotAsync(page, "phone-withdrawal-next-steps", output);

        await page.GetByRole(AriaRole.Link, new() { Name = "Voir ma commande et préparer le colis" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Commande {number}");
        await Expect(page.Locator("#withdraw-link")).ToHaveCountAsync(0);
        await Expect(page.Locator("#withdrawal-sent")).ToContainTextAsync("Vous vous êtes rétracté de cette commande");
        await Expect(page.Locator(".order-line .line-status")).ToContainTextAsync("Rétractation envoyée — à renvoyer au plus tard le");
        await Expect(page.Locator(".order-line .line-status")).Not.ToContainTextAsync("Déjà retourné");
        await Expect(page.Locator("#start-return")).ToHaveTextAsync("Préparer le colis (étiquette retour)");
        await violations.CheckAsync(page, "/returns/order after withdrawal (phone)");
        await BrowserPortal.ScreenshotAsync(page, "phone-order-after-withdrawal", output);
        session.ScriptErrors.ShouldBeEmpty();
        violations.ToString().ShouldBeEmpty("axe found violations");
    }
}
