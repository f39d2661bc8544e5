using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReturnsPortal.BrowserTests.Infrastructure;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Persistence;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ReturnsPortal.BrowserTests;

/// <summary>
/// Issue 15 items 6 and 11 on a phone: a customer finds "Suivre un retour" everywhere and no staff entry in the menu;
/// after withdrawing they are told how, where and by when to send the goods back, and their order page agrees.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class WithdrawalPromisesJourneyTests(BrowserPortal portal, ITestOutputHelper output)
{
    private static readonly AxeRunOptions WcagAa = new()
    {
        RunOnly = RunOnlyOptions.Tags("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"),
    };

    private readonly StringBuilder violations = new();

    [Fact]
    public async Task Customer_on_a_phone_finds_track_a_return_in_the_menu_home_and_footer_and_no_staff_entry()
    {
        await using var session = await portal.NewSessionAsync();
        var page = session.Page;
        await page.SetViewportSizeAsync(390, 844);

        await page.GotoAsync("/");
        await Expect(page.Locator("#home-track-link")).ToHaveTextAsync("Suivre un retour");
        await Expect(page.Locator("footer #footer-track-link")).ToHaveTextAsync("Suivre un retour");
        await CheckAxeAsync(page, "/ (phone)");

        await page.Locator(".navbar-toggler").ClickAsync();
        var menu = page.Locator("#main-nav");
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Suivre un retour" })).ToBeVisibleAsync();
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Espace entrepôt" })).ToHaveCountAsync(0);
        await CheckAxeAsync(page, "/ (phone, menu open)");
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
        var (number, email) = await NewOrderAsync();
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
        await CheckAxeAsync(page, "/returns/withdraw (empty form)");
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
        await CheckAxeAsync(page, "/returns/withdraw/done (phone)");
        await BrowserPortal.ScreenshotAsync(page, "phone-withdrawal-next-steps", output);

        await page.GetByRole(AriaRole.Link, new() { Name = "Voir ma commande et préparer le colis" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Commande {number}");
        await Expect(page.Locator("#withdraw-link")).ToHaveCountAsync(0);
        await Expect(page.Locator("#withdrawal-sent")).ToContainTextAsync("Vous vous êtes rétracté de cette commande");
        await Expect(page.Locator(".order-line .line-status")).ToContainTextAsync("Rétractation envoyée — à renvoyer au plus tard le");
        await Expect(page.Locator(".order-line .line-status")).Not.ToContainTextAsync("Déjà retourné");
        await Expect(page.Locator("#start-return")).ToHaveTextAsync("Préparer le colis (étiquette retour)");
        await CheckAxeAsync(page, "/returns/order after withdrawal (phone)");
        await BrowserPortal.ScreenshotAsync(page, "phone-order-after-withdrawal", output);
        session.ScriptErrors.ShouldBeEmpty();
        violations.ToString().ShouldBeEmpty("axe found violations");
    }

    private async Task CheckAxeAsync(IPage page, string where)
    {
        var result = await page.RunAxe(WcagAa);
        foreach (var violation in result.Violations)
        {
            var report = $"{where}: {violation.Id} [{violation.Impact}] {violation.Help} — {string.Join(", ", violation.Nodes.Select(n => n.Target.ToString()))}";
            output.WriteLine(report);
            violations.AppendLine(report);
        }
    }

    /// <summary>Its own order (a black T-shirt, delivered 3 days ago, no return yet), so no other journey shares it.</summary>
    private async Task<(string Number, string Email)> NewOrderAsync()
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var key = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var tshirt = await db.Variants.SingleAsync(v => v.Sku == "VET-TSH-001-M-NOIR");
        var now = DateTime.UtcNow;
        var order = new Order
        {
            Number = $"TEST-WD-{key}",
            Email = $"wd-{key.ToLowerInvariant()}@example.fr",
            CustomerName = "Claude Bernard",
            Postcode = "69002",
            PlacedAt = now.AddDays(-6),
            ShippedAt = now.AddDays(-5),
            DeliveredAt = now.AddDays(-3),
        };
        order.Lines.Add(new OrderLine { VariantId = tshirt.Id, Quantity = 2, UnitPricePaid = Money.Eur(1990) });
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return (order.Number, order.Email);
    }
}
