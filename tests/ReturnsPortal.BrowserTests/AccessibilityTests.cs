using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ReturnsPortal.BrowserTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ReturnsPortal.BrowserTests;

/// <summary>
/// axe-core (WCAG 2.0/2.1 A and AA rules and axe's best practices) on the pages people actually reach, in the state they reach them:
/// no violation of any impact is allowed (issue 15: a "moderate" finding is still a barrier for someone).
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class AccessibilityTests(BrowserPortal portal, ITestOutputHelper output)
{
    // Every state of a test is checked before failing, so one run reports all of them.
    private readonly AxeFindings violations = new(output);

    [Fact]
    public async Task Find_order_form_is_accessible_empty_and_with_errors()
    {
        await using var session = await portal.NewSessionAsync();
        var page = session.Page;

        await page.GotoAsync("/returns");
        await violations.CheckAsync(page, "/returns (empty form)");

        // Empty fields: a message per field plus the summary.
        await page.GetByRole(AriaRole.Button, new() { Name = "Retrouver ma commande" }).ClickAsync();
        await Expect(page.Locator("#error-summary")).ToBeVisibleAsync();
        await violations.CheckAsync(page, "/returns (required-field errors)");

        // A well-formed pair that matches no order: the neutral message.
        await page.GetByLabel("Numéro de commande", new() { Exact = true }).FillAsync("DEMO-1001");
        await page.GetByLabel("Adresse e-mail", new() { Exact = true }).FillAsync("nobody@example.fr");
        await page.GetByRole(AriaRole.Button, new() { Name = "Retrouver ma commande" }).ClickAsync();
        await Expect(page.Locator("#error-summary")).ToContainTextAsync("Nous n'avons trouvé aucune commande");
        await violations.CheckAsync(page, "/returns (order not found)");
        AssertNoViolations();
    }

    [Fact]
    public async Task Order_page_is_accessible()
    {
        await using var session = await portal.NewSessionAsync();
        var page = session.Page;

        await page.GotoAsync("/returns");
        await page.GetByLabel("Numéro de commande", new() { Exact = true }).FillAsync("DEMO-1001");
        await page.GetByLabel("Adresse e-mail", new() { Exact = true }).FillAsync("client@example.fr");
        await page.GetByRole(AriaRole.Button, new() { Name = "Retrouver ma commande" }).ClickAsync();
        await Expect(page.Locator(".order-line")).ToHaveCountAsync(3);

        await violations.CheckAsync(page, "/returns/order");
        AssertNoViolations();
    }

    [Fact]
    public async Task Staff_login_and_queue_are_accessible()
    {
        await using var session = await portal.NewSessionAsync();
        var page = session.Page;

        // The queue sends an anonymous visitor to the login page, which brings them back after signing in.
        await page.GotoAsync("/staff");
        await Expect(page).ToHaveURLAsync(new Regex("/account/login", RegexOptions.IgnoreCase));
        await violations.CheckAsync(page, "/account/login");

        await page.GetByLabel("Adresse e-mail", new() { Exact = true }).FillAsync("inspector@example.fr");
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync("Demo!2026returns");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Expect(page.Locator("#queue")).ToBeVisibleAsync();

        await violations.CheckAsync(page, "/staff");
        AssertNoViolations();
    }

    [Fact]
    public async Task Tracking_pages_are_accessible()
    {
        var seeded = await portal.ReturnAsync(Domain.Returns.ReturnStatus.Approved, 0);
        await using var session = await portal.NewSessionAsync();
        var page = session.Page;

        await page.GotoAsync("/returns/track");
        await violations.CheckAsync(page, "/returns/track (empty form)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Suivre mon retour" }).ClickAsync();
        await Expect(page.Locator("#error-summary")).ToBeVisibleAsync();
        await violations.CheckAsync(page, "/returns/track (errors)");

        await page.GetByLabel("Numéro de retour (RMA)").FillAsync(seeded.Rma);
        await page.GetByLabel("Adresse e-mail").FillAsync(seeded.Email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Suivre mon retour" }).ClickAsync();
        await Expect(page.Locator("#timeline")).ToBeVisibleAsync();
        await violations.CheckAsync(page, "/returns/track/{rma}");

        await page.GetByRole(AriaRole.Link, new() { Name = "Afficher le QR code pour le point relais" }).ClickAsync();
        await Expect(page.Locator("#qr")).ToBeVisibleAsync();
        await violations.CheckAsync(page, "/returns/track/{rma}/qr");
        AssertNoViolations();
    }

    [Fact]
    public async Task Withdrawal_pages_are_accessible()
    {
        var order = await portal.RecentOrderAsync(1);
        await using var session = await portal.NewSessionAsync();
        var page = session.Page;

        await page.GotoAsync("/returns/withdraw");
        await violations.CheckAsync(page, "/returns/withdraw (step 1)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        await Expect(page.Locator("#error-summary")).ToBeVisibleAsync();
        await violations.CheckAsync(page, "/returns/withdraw (errors)");

        await page.GetByLabel("Numéro de commande").FillAsync(order.Number);
        await page.GetByLabel("Adresse e-mail").FillAsync(order.Email);
        await page.GetByLabel("Vos nom et prénom").FillAsync(order.CustomerName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        await Expect(page.Locator("#withdraw-summary")).ToBeVisibleAsync();
        await violations.CheckAsync(page, "/returns/withdraw (step 2)");

        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer la rétractation" }).ClickAsync();
        await Expect(page.Locator("#withdraw-ack")).ToBeVisibleAsync();
        await violations.CheckAsync(page, "/returns/withdraw/done");
        AssertNoViolations();
    }

    [Fact]
    public async Task Team_pages_and_filtered_queue_are_accessible()
    {
        await using var session = await portal.NewSessionAsync();
        var page = session.Page;
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Adresse e-mail", new() { Exact = true }).FillAsync("admin@example.fr");
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync("Demo!2026returns");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Expect(page.Locator("#queue")).ToBeVisibleAsync();

        // The queue's filters are a plain form: choose, submit with the keyboard, the URL keeps the view.
        await page.GetByLabel("Ancienneté").SelectOptionAsync("Over14Days");
        await page.GetByLabel("Rechercher").PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("age=Over14Days"));
        await violations.CheckAsync(page, "/staff (filtered)");

        await page.GetByRole(AriaRole.Link, new() { Name = "Équipe" }).First.ClickAsync();
        await Expect(page.Locator("#staff")).ToBeVisibleAsync();
        await violations.CheckAsync(page, "/manage/staff");

        await page.GetByRole(AriaRole.Link, new() { Name = "Nouveau compte" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer le compte" }).ClickAsync();
        await Expect(page.Locator("#error-summary")).ToBeVisibleAsync();
        await violations.CheckAsync(page, "/manage/staff/create (errors)");

        await page.GotoAsync("/manage/staff");
        await page.Locator("tr[data-email='inspector@example.fr'] a").ClickAsync();
        await Expect(page.Locator("#account")).ToBeVisibleAsync();
        await violations.CheckAsync(page, "/manage/staff/edit");
        AssertNoViolations();
    }

    [Fact]
    public async Task Keyboard_reaches_the_skip_link_first_with_a_visible_focus()
    {
        await using var session = await portal.NewSessionAsync();
        var page = session.Page;
        await page.GotoAsync("/returns");

        await page.Keyboard.PressAsync("Tab");

        var skipLink = page.GetByRole(AriaRole.Link, new() { Name = "Aller au contenu" });
        await Expect(skipLink).ToBeFocusedAsync();
        await Expect(skipLink).ToHaveAttributeAsync("href", "#main");
        await Expect(skipLink).ToBeInViewportAsync();
        var outlineStyle = await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle");
        output.WriteLine($"Skip link outline-style: {outlineStyle}");
        outlineStyle.ShouldNotBe("none");
        var outlineWidth = await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineWidth");
        outlineWidth.ShouldNotBe("0px");

        // Following it lands the keyboard in the main content.
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#main")).ToBeFocusedAsync();
    }

    private void AssertNoViolations() =>
        violations.ToString().ShouldBeEmpty("axe found WCAG 2.1 A/AA violations");
}
