using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReturnsPortal.BrowserTests.Infrastructure;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ReturnsPortal.BrowserTests;

/// <summary>A customer on a phone starts a return with a photo, in French, and gets an RMA.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class StartReturnJourneyTests(BrowserPortal portal, ITestOutputHelper output)
{
    private readonly AxeFindings violations = new(output);

    private static readonly byte[] OnePixelPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    [Fact]
    public async Task Customer_finds_the_order_starts_a_return_with_a_photo_and_gets_an_rma()
    {
        // Its own order (sneakers, delivered 3 days ago), so the shared demo orders keep their quantities for other journeys.
        var (number, email) = await portal.NewDeliveredOrderAsync(
            "CHA-BAS-001-38-BLANC", quantity: 1, unitPriceCents: 8900, "Camille Martin", "75011", emailPrefix: "b");
        await using var session = await portal.NewSessionAsync();
        var page = session.Page;
        await page.SetViewportSizeAsync(390, 844);

        await page.GotoAsync("/returns");
        await page.GetByLabel("Numéro de commande", new() { Exact = true }).FillAsync(number);
        await page.GetByLabel("Adresse e-mail", new() { Exact = true }).FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Retrouver ma commande" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(portal.BaseUrl, "returns/order").ToString());

        await page.GotoAsync("/returns/start");
        await Expect(page.Locator("[aria-current='step']")).ToHaveTextAsync("2 Articles");
        await violations.CheckAsync(page, "items");
        await page.GetByLabel("Quantité à retourner (jusqu'à 1)").SelectOptionAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();

        await Expect(page.Locator("[aria-current='step']")).ToHaveTextAsync("3 Motif");
        await violations.CheckAsync(page, "reason");
        await page.GetByLabel("Motif", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Article défectueux (photo demandée)" });
        await page.GetByLabel("Commentaire (facultatif)").FillAsync("La semelle se décolle");
        await page.GetByLabel("Photos (JPEG, PNG ou WebP)").SetInputFilesAsync(new FilePayload
        {
            Name = "semelle.png",
            MimeType = "image/png",
            Buffer = OnePixelPng,
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();

        await Expect(page.Locator("[aria-current='step']")).ToHaveTextAsync("4 Solution");
        await violations.CheckAsync(page, "solution");
        await Expect(page.Locator(".store-credit-bonus")).ToHaveTextAsync("+10 % : 97,90 € au lieu de 89,00 €");
        await page.GetByText("Avoir", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();

        await Expect(page.Locator("[aria-current='step']")).ToHaveTextAsync("5 Envoi");
        await page.Locator("#method-dropoff").CheckAsync();
        await page.GetByLabel("Code postal").First.FillAsync("75011");
        await page.GetByRole(AriaRole.Button, new() { Name = "Chercher les points proches" }).ClickAsync();
        await Expect(page.Locator(".dropoff-point")).ToHaveCountAsync(5);
        await violations.CheckAsync(page, "shipping");
        await page.Locator(".dropoff-point input").First.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();

        await Expect(page.Locator("[aria-current='step']")).ToHaveTextAsync("6 Vérification");
        await Expect(page.Locator("#payout")).ToHaveTextAsync("97,90 €");
        await violations.CheckAsync(page, "review");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer mon retour" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Votre retour est confirmé");
        var rma = (await page.Locator("#rma").TextContentAsync())!.Trim();
        RmaNumber.Normalise(rma).ShouldBe(rma);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Télécharger l'étiquette (PDF)" })).ToHaveAttributeAsync("href", $"/returns/track/{rma}/label");

        await violations.CheckAsync(page, "done");
        violations.ToString().ShouldBeEmpty("axe found WCAG 2.1 A/AA violations");

        var screenshot = await BrowserPortal.ScreenshotAsync(page, "start-return-done", output);
        new FileInfo(screenshot).Length.ShouldBeGreaterThan(0);
        session.ScriptErrors.ShouldBeEmpty();
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var saved = await db.Returns.Where(r => r.Rma == rma).Select(r => new { r.Status, Photos = r.Lines.Sum(l => l.Photos.Count) }).SingleAsync();
        saved.Status.ShouldBe(ReturnStatus.Approved);
        saved.Photos.ShouldBe(1);
    }
}
