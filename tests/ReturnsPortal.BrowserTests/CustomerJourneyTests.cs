using Microsoft.Playwright;
using ReturnsPortal.BrowserTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ReturnsPortal.BrowserTests;

/// <summary>A customer in a real browser: real clicks, real key presses, the real app behind it.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class CustomerJourneyTests(BrowserPortal portal, ITestOutputHelper output)
{
    private const string DemoOrder = "DEMO-1001";
    private const string DemoEmail = "client@example.fr";

    [Fact]
    public async Task Customer_finds_their_order_from_the_home_page()
    {
        await using var session = await portal.NewSessionAsync();
        var page = session.Page;

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" })
            .GetByRole(AriaRole.Link, new() { Name = "Retourner un article", Exact = true })
            .ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(portal.BaseUrl, "returns").ToString());

        await TypeIntoAsync(page, "Numéro de commande", DemoOrder);
        await TypeIntoAsync(page, "Adresse e-mail", DemoEmail);
        await page.GetByRole(AriaRole.Button, new() { Name = "Retrouver ma commande" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Uri(portal.BaseUrl, "returns/order").ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Commande DEMO-1001");
        await Expect(page.Locator(".order-line")).ToHaveCountAsync(3);
        await Expect(page.Locator(".order-line .non-returnable"))
            .ToHaveTextAsync("Article d'hygiène : non repris une fois ouvert");

        var screenshot = await BrowserPortal.ScreenshotAsync(page, "customer-order", output);
        File.Exists(screenshot).ShouldBeTrue();
        new FileInfo(screenshot).Length.ShouldBeGreaterThan(0);
        session.ScriptErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Wrong_email_shows_a_neutral_message_in_a_focusable_summary()
    {
        await using var session = await portal.NewSessionAsync();
        var page = session.Page;

        await page.GotoAsync("/returns");
        await TypeIntoAsync(page, "Numéro de commande", DemoOrder);
        await TypeIntoAsync(page, "Adresse e-mail", "someone.else@example.fr");
        await page.Keyboard.PressAsync("Enter");

        var summary = page.Locator("#error-summary");
        await Expect(summary).ToBeVisibleAsync();
        await Expect(summary).ToContainTextAsync("Nous n'avons trouvé aucune commande");
        await Expect(summary).ToHaveAttributeAsync("tabindex", "-1");
        await Expect(page).ToHaveURLAsync(new Uri(portal.BaseUrl, "returns").ToString());
        // The message must not tell which of the two was wrong, nor show the order.
        await Expect(page.Locator(".order-line")).ToHaveCountAsync(0);

        await summary.FocusAsync();
        await Expect(summary).ToBeFocusedAsync();
        session.ScriptErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task English_choice_switches_the_labels_and_is_remembered()
    {
        await using var session = await portal.NewSessionAsync();
        var page = session.Page;

        await page.GotoAsync("/returns");
        await Expect(page.GetByLabel("Numéro de commande")).ToBeVisibleAsync();

        await page.Locator("#culture-form").GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Uri(portal.BaseUrl, "returns").ToString());
        await Expect(page.GetByLabel("Order number")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Email address")).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        // A new page load, by address: the cookie keeps the choice.
        await page.GotoAsync("/returns");
        await Expect(page.GetByLabel("Order number")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Find my order" })).ToBeVisibleAsync();
        await Expect(page.Locator("#culture-form").GetByRole(AriaRole.Button, new() { Name = "Français" })).ToBeVisibleAsync();
        session.ScriptErrors.ShouldBeEmpty();
    }

    private static async Task TypeIntoAsync(IPage page, string label, string text)
    {
        await page.GetByLabel(label, new() { Exact = true }).ClickAsync();
        await page.Keyboard.TypeAsync(text);
    }
}
