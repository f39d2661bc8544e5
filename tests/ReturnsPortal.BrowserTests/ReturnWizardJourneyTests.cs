using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReturnsPortal.BrowserTests.Infrastructure;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ReturnsPortal.BrowserTests;

/// <summary>
/// Issue 15, item 10: the return wizard on a phone says "previous step" (not "Retour") above the step, unfolds only
/// the chosen option, highlights it, keeps amounts on one line, shows no fake typed values, checks a photo before
/// uploading it and shows it, and asks before cancelling a return.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ReturnWizardJourneyTests(BrowserPortal portal, ITestOutputHelper output)
{
    private static readonly byte[] OnePixelPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private readonly AxeFindings violations = new(output);

    [Fact]
    public async Task A_customer_on_a_phone_goes_through_a_wizard_that_says_and_shows_only_what_matters()
    {
        var (number, email) = await NewOrderAsync();
        await using var session = await portal.NewSessionAsync();
        var page = session.Page;
        await page.SetViewportSizeAsync(390, 844);

        // Step 1: no example values that look typed in.
        await page.GotoAsync("/returns");
        await Expect(page.Locator("main input[placeholder]")).ToHaveCountAsync(0);
        await page.GetByLabel("Numéro de commande", new() { Exact = true }).FillAsync(number);
        await page.GetByLabel("Adresse e-mail", new() { Exact = true }).FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Retrouver ma commande" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(portal.BaseUrl, "returns/order").ToString());

        await page.GotoAsync("/returns/start");
        await ExpectBackLinkAboveTheStepAsync(page, "/returns/order");
        await page.GetByLabel("Quantité à retourner (jusqu'à 1)").SelectOptionAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();

        // Reason: a photo is checked before it is sent, and shown once accepted.
        await Expect(page.Locator("[aria-current='step']")).ToHaveTextAsync("3 Motif");
        await ExpectBackLinkAboveTheStepAsync(page, "/returns/start");
        await page.GetByLabel("Motif", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Taille trop petite" });
        var photos = page.GetByLabel("Photos (JPEG, PNG ou WebP)");
        var photoError = page.Locator("[id$='-error'][data-valmsg-for^='Photos_']");
        await photos.SetInputFilesAsync(new FilePayload { Name = "enorme.png", MimeType = "image/png", Buffer = new byte[6 * 1024 * 1024] });
        await Expect(photoError).ToHaveTextAsync("Chaque photo doit faire 5 Mo au maximum.");
        (await photos.EvaluateAsync<int>("input => input.files.length")).ShouldBe(0, "a refused photo must not be uploaded");
        await Expect(photos).ToHaveAttributeAsync("aria-invalid", "true");
        await photos.SetInputFilesAsync(new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "pas une photo"u8.ToArray() });
        await Expect(photoError).ToHaveTextAsync("Seules les photos JPEG, PNG ou WebP sont acceptées.");
        (await photos.EvaluateAsync<int>("input => input.files.length")).ShouldBe(0);
        await photos.SetInputFilesAsync(new FilePayload { Name = "etiquette.png", MimeType = "image/png", Buffer = OnePixelPng });
        await Expect(photoError).ToBeEmptyAsync();
        await Expect(page.Locator(".photo-previews img")).ToHaveCountAsync(1);
        await Expect(page.Locator(".photo-previews img")).ToHaveAttributeAsync("alt", "Aperçu de etiquette.png");
        await violations.CheckAsync(page, "reason with a preview");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();

        // Solution: the size picker belongs to the exchange only; the chosen card stands out.
        await Expect(page.Locator("[aria-current='step']")).ToHaveTextAsync("4 Solution");
        var exchangePicker = page.Locator(".exchange-choices select");
        await Expect(exchangePicker).ToBeHiddenAsync();
        var refundCard = page.Locator(".option-card").Filter(new() { Has = page.Locator("#resolution-refund") });
        var unchosen = await BackgroundAsync(refundCard);
        await page.Locator("#resolution-refund").CheckAsync();
        await Expect(exchangePicker).ToBeHiddenAsync();
        (await BackgroundAsync(refundCard)).ShouldNotBe(unchosen, "the chosen option card is highlighted");
        await page.Locator("#resolution-exchange").CheckAsync();
        await Expect(exchangePicker).ToBeVisibleAsync();
        (await BackgroundAsync(refundCard)).ShouldBe(unchosen);
        await violations.CheckAsync(page, "solution (exchange)");
        await page.Locator("#resolution-refund").CheckAsync();
        await Expect(exchangePicker).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();

        // Shipping: only the chosen method unfolds; fees stay on one line.
        await Expect(page.Locator("[aria-current='step']")).ToHaveTextAsync("5 Envoi");
        await Expect(page.Locator("#dropoff")).ToBeHiddenAsync();
        await Expect(page.Locator("#pickup")).ToBeHiddenAsync();
        var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        output.WriteLine($"Shipping page height with nothing chosen: {height} px");
        height.ShouldBeLessThan(1300);
        var prices = page.Locator(".price");
        (await prices.CountAsync()).ShouldBeGreaterThan(0);
        foreach (var price in await prices.AllAsync())
        {
            (await price.EvaluateAsync<string>("e => getComputedStyle(e).whiteSpace")).ShouldBe("nowrap");
            (await price.TextContentAsync())!.ShouldNotContain(" ");
        }
        await page.Locator("#method-pickup").CheckAsync();
        await Expect(page.Locator("#pickup")).ToBeVisibleAsync();
        await Expect(page.Locator("#dropoff")).ToBeHiddenAsync();
        await page.Locator("#method-dropoff").CheckAsync();
        await Expect(page.Locator("#dropoff")).ToBeVisibleAsync();
        await Expect(page.Locator("#pickup")).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Chercher les points proches" }).ClickAsync();
        await Expect(page.Locator(".dropoff-point")).ToHaveCountAsync(5);
        await page.Locator(".dropoff-point input").First.CheckAsync();
        await violations.CheckAsync(page, "shipping (drop-off chosen)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();

        // Review: "previous step" above, the confirm button alone at the bottom.
        await Expect(page.Locator("[aria-current='step']")).ToHaveTextAsync("6 Vérification");
        await ExpectBackLinkAboveTheStepAsync(page, "/returns/start/shipping");
        var back = await page.Locator("#start-back").BoundingBoxAsync();
        var confirm = await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer mon retour" }).BoundingBoxAsync();
        back!.Y.ShouldBeLessThan(confirm!.Y);
        (await page.Locator("#payout").TextContentAsync())!.ShouldNotContain(" ");
        await violations.CheckAsync(page, "review");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer mon retour" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Votre retour est confirmé");
        var rma = (await page.Locator("#rma").TextContentAsync())!.Trim();

        violations.ToString().ShouldBeEmpty("axe found WCAG 2.1 A/AA violations");
        session.ScriptErrors.ShouldBeEmpty();
        await BrowserPortal.ScreenshotAsync(page, "wizard-clarity-done", output);
        (await StatusAsync(rma)).ShouldBe(ReturnStatus.Approved);
    }

    [Fact]
    public async Task Cancelling_a_return_asks_first_and_the_customer_can_keep_it()
    {
        var (number, email) = await NewOrderAsync();
        await using var session = await portal.NewSessionAsync();
        var page = session.Page;
        await page.SetViewportSizeAsync(390, 844);
        var rma = await StartInStoreRefundAsync(page, number, email);
        await page.GotoAsync("/returns/track");
        // No example value that looks typed in: the help text below the field gives the format.
        await Expect(page.Locator("main input[placeholder]")).ToHaveCountAsync(0);
        await page.GetByLabel("Numéro de retour (RMA)").FillAsync(rma);
        await page.GetByLabel("Adresse e-mail").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Suivre mon retour" }).ClickAsync();
        await Expect(page.Locator("#timeline")).ToBeVisibleAsync();

        // One tap only asks.
        await page.GetByRole(AriaRole.Button, new() { Name = "Annuler le retour" }).ClickAsync();
        await Expect(page.Locator("#cancel-ask")).ToContainTextAsync("Voulez-vous vraiment annuler ce retour ?");
        await Expect(page.Locator("#cancel-ask")).ToBeInViewportAsync();
        (await StatusAsync(rma)).ShouldBe(ReturnStatus.Approved);
        await violations.CheckAsync(page, "track (cancel asked)");

        // "No" keeps the return as it was.
        await page.GetByRole(AriaRole.Link, new() { Name = "Non, garder mon retour" }).ClickAsync();
        await Expect(page.Locator("#cancel-ask")).ToHaveCountAsync(0);
        (await StatusAsync(rma)).ShouldBe(ReturnStatus.Approved);

        // "Yes" cancels.
        await page.GetByRole(AriaRole.Button, new() { Name = "Annuler le retour" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Oui, annuler le retour" }).ClickAsync();
        await Expect(page.Locator("#cancel-confirmation")).ToBeVisibleAsync();
        (await StatusAsync(rma)).ShouldBe(ReturnStatus.Cancelled);
        violations.ToString().ShouldBeEmpty("axe found WCAG 2.1 A/AA violations");
        session.ScriptErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Without_javascript_the_exchange_picker_and_the_shipping_details_follow_the_choice()
    {
        var (number, email) = await NewOrderAsync();
        await using var session = await portal.NewSessionAsync();
        var page = session.Page;
        await page.SetViewportSizeAsync(390, 844);
        // No script runs at all: every script file answers empty.
        await page.RouteAsync("**/*.js", route => route.FulfillAsync(new() { Status = 200, ContentType = "text/javascript", Body = "" }));

        await page.GotoAsync("/returns");
        await page.GetByLabel("Numéro de commande", new() { Exact = true }).FillAsync(number);
        await page.GetByLabel("Adresse e-mail", new() { Exact = true }).FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Retrouver ma commande" }).ClickAsync();
        await page.GotoAsync("/returns/start");
        await page.GetByLabel("Quantité à retourner (jusqu'à 1)").SelectOptionAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        await page.GetByLabel("Motif", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Taille trop petite" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();

        await Expect(page.Locator("[aria-current='step']")).ToHaveTextAsync("4 Solution");
        await Expect(page.Locator(".exchange-choices select")).ToBeHiddenAsync();
        await page.Locator("#resolution-exchange").CheckAsync();
        await Expect(page.Locator(".exchange-choices select")).ToBeVisibleAsync();
        var inStock = await page.Locator(".exchange-choices select option:not([disabled]):not([value=''])").First.GetAttributeAsync("value");
        await page.Locator(".exchange-choices select").SelectOptionAsync(inStock!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();

        await Expect(page.Locator("[aria-current='step']")).ToHaveTextAsync("5 Envoi");
        await Expect(page.Locator("#pickup")).ToBeHiddenAsync();
        await page.Locator("#method-pickup").CheckAsync();
        await Expect(page.Locator("#pickup")).ToBeVisibleAsync();
        await Expect(page.Locator("#dropoff")).ToBeHiddenAsync();
    }

    private static async Task ExpectBackLinkAboveTheStepAsync(IPage page, string href)
    {
        var back = page.Locator("#start-back");
        await Expect(back).ToHaveTextAsync("‹ Étape précédente");
        await Expect(back).ToHaveAttributeAsync("href", href);
        // The old "Retour" button is gone: on a returns site it read as "return this item".
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Retour", Exact = true })).ToHaveCountAsync(0);
        (await back.BoundingBoxAsync())!.Y.ShouldBeLessThan((await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).BoundingBoxAsync())!.Y);
    }

    private static Task<string> BackgroundAsync(ILocator card) => card.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");

    private async Task<ReturnStatus> StatusAsync(string rma)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        return await db.Returns.AsNoTracking().Where(r => r.Rma == rma).Select(r => r.Status).SingleAsync();
    }

    /// <summary>The shortest way through the wizard (one T-shirt, too small, refund, in store); returns the new RMA.</summary>
    private static async Task<string> StartInStoreRefundAsync(IPage page, string number, string email)
    {
        await page.GotoAsync("/returns");
        await page.GetByLabel("Numéro de commande", new() { Exact = true }).FillAsync(number);
        await page.GetByLabel("Adresse e-mail", new() { Exact = true }).FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Retrouver ma commande" }).ClickAsync();
        await page.GotoAsync("/returns/start");
        await page.GetByLabel("Quantité à retourner (jusqu'à 1)").SelectOptionAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        await page.GetByLabel("Motif", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Taille trop petite" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        await page.Locator("#resolution-refund").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        await page.Locator("#method-instore").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer mon retour" }).ClickAsync();
        await Expect(page.Locator("#rma")).ToBeVisibleAsync();
        return (await page.Locator("#rma").TextContentAsync())!.Trim();
    }

    /// <summary>Its own order (a T-shirt in M, delivered 3 days ago): other sizes are in stock for an exchange.</summary>
    private Task<TestOrders.TestOrder> NewOrderAsync() => portal.NewDeliveredOrderAsync(
        "VET-TSH-001-M-NOIR", quantity: 1, unitPriceCents: 1990, "Inès Moreau", "75011", emailPrefix: "w");
}
