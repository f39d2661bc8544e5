using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReturnsPortal.BrowserTests.Infrastructure;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ReturnsPortal.BrowserTests;

/// <summary>The customer journeys of issue 3 in English, chosen with the header button: return end to end, and withdrawal.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class EnglishJourneyTests(BrowserPortal portal, ITestOutputHelper output)
{
    private static readonly byte[] OnePixelPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    [Fact]
    public async Task Customer_in_english_starts_a_return_with_a_photo_downloads_the_label_tracks_and_cancels_it()
    {
        // Its own order (sneakers, delivered 3 days ago), so the shared demo orders keep their quantities.
        var (number, email) = await portal.NewDeliveredOrderAsync(
            "CHA-BAS-001-38-BLANC", quantity: 1, unitPriceCents: 8900, "Jamie Smith", "75011", emailPrefix: "e");
        await using var session = await portal.NewSessionAsync();
        var page = session.Page;
        // The language buttons sit in the navbar, collapsed on a phone: choose English first, then go phone-sized.
        await SwitchToEnglishAsync(page);
        await page.SetViewportSizeAsync(390, 844);

        await page.GetByLabel("Order number", new() { Exact = true }).FillAsync(number);
        await page.GetByLabel("Email address", new() { Exact = true }).FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Find my order" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Order {number}");

        await page.GotoAsync("/returns/start");
        await Expect(page.Locator("[aria-current='step']")).ToHaveTextAsync("2 Items");
        await page.GetByLabel("Quantity to return (up to 1)").SelectOptionAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        await Expect(page.Locator("[aria-current='step']")).ToHaveTextAsync("3 Reason");
        await page.GetByLabel("Reason", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Defective item (photo required)" });
        await page.GetByLabel("Comment (optional)").FillAsync("The sole is coming off");
        await page.GetByLabel("Photos (JPEG, PNG or WebP)").SetInputFilesAsync(new FilePayload { Name = "sole.png", MimeType = "image/png", Buffer = OnePixelPng });
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        await Expect(page.Locator("[aria-current='step']")).ToHaveTextAsync("4 Solution");
        await page.Locator("#resolution-refund").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        await Expect(page.Locator("[aria-current='step']")).ToHaveTextAsync("5 Shipping");
        await page.Locator("#method-dropoff").CheckAsync();
        await page.GetByLabel("Postcode").First.FillAsync("75011");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find points nearby" }).ClickAsync();
        await page.Locator(".dropoff-point input").First.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        await Expect(page.Locator("[aria-current='step']")).ToHaveTextAsync("6 Review");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my return" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Your return is confirmed");
        var rma = (await page.Locator("#rma").TextContentAsync())!.Trim();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download the label (PDF)" }).ClickAsync());
        download.SuggestedFilename.ShouldBe($"{rma}.pdf");
        var pdf = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Encoding.ASCII.GetString(pdf[..5]).ShouldBe("%PDF-");

        // Tracking as a customer coming back later: RMA + email on the tracking page.
        await page.GotoAsync("/returns/track");
        await page.GetByLabel("Return number (RMA)").FillAsync(rma);
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Track my return" }).ClickAsync();
        await Expect(page.Locator("#rma")).ToHaveTextAsync(rma);
        await Expect(page.Locator("#timeline .timeline-step").Last).ToContainTextAsync("Return accepted: you can send the parcel");

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel the return" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, cancel the return" }).ClickAsync();

        await Expect(page.Locator("#cancel-confirmation")).ToContainTextAsync("Your return is cancelled.");
        await Expect(page.Locator("#timeline .timeline-step").Last).ToContainTextAsync("Return cancelled");
        var screenshot = await BrowserPortal.ScreenshotAsync(page, "english-return-cancelled", output);
        new FileInfo(screenshot).Length.ShouldBeGreaterThan(0);
        session.ScriptErrors.ShouldBeEmpty();
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var saved = await db.Returns.Where(r => r.Rma == rma).Select(r => new { r.Status, r.Language, Photos = r.Lines.Sum(l => l.Photos.Count) }).SingleAsync();
        saved.ShouldBe(new { Status = ReturnStatus.Cancelled, Language = "en", Photos = 1 });
    }

    [Fact]
    public async Task Customer_in_english_withdraws_from_an_order()
    {
        var order = await portal.RecentOrderAsync(2);
        await using var session = await portal.NewSessionAsync();
        var page = session.Page;
        await SwitchToEnglishAsync(page);

        await page.GetByRole(AriaRole.Contentinfo).GetByRole(AriaRole.Link, new() { Name = "Withdraw from contract here" }).ClickAsync();
        await Expect(page.Locator("#withdraw-step")).ToHaveTextAsync("Step 1 of 2");
        await page.GetByLabel("Order number").FillAsync(order.Number);
        await page.GetByLabel("Email address").FillAsync(order.Email);
        await page.GetByLabel("Your full name").FillAsync(order.CustomerName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        await Expect(page.Locator("#withdraw-step")).ToHaveTextAsync("Step 2 of 2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm withdrawal" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Withdrawal received");
        await Expect(page.Locator("#withdraw-content")).ToContainTextAsync($"Order {order.Number}");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download the receipt (PDF)" }).ClickAsync());
        download.SuggestedFilename.ShouldEndWith(".pdf");
        var screenshot = await BrowserPortal.ScreenshotAsync(page, "english-withdrawal", output);
        new FileInfo(screenshot).Length.ShouldBeGreaterThan(0);
        session.ScriptErrors.ShouldBeEmpty();
    }

    private static async Task SwitchToEnglishAsync(IPage page)
    {
        await page.GotoAsync("/returns");
        await page.Locator("#culture-form").GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Find my order" })).ToBeVisibleAsync();
    }
}
