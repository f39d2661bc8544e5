using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReturnsPortal.BrowserTests.Infrastructure;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Logistics;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ReturnsPortal.BrowserTests;

/// <summary>
/// The confirmation and tracking pages say what was chosen and what happens next, with dates (issue 15 item 8): a
/// drop-off return names its point with address and hours and the deadline, a pickup return its booked day and
/// address (no QR code for a counter it never visits), an exchange its reserved replacement; the confirmation says
/// how much money comes back and when. On a phone. Its own TEST- orders; the returns are cancelled at the end so
/// that the "latest approved return" other journeys pick stays a seeded one.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class TrackingJourneyTests(BrowserPortal portal, ITestOutputHelper output)
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    [Fact]
    public async Task A_drop_off_return_names_its_point_hours_and_deadline_and_the_money_that_comes_back()
    {
        var created = await StartAsync(ReturnMethod.DropOff, Resolution.Refund);
        try
        {
            await using var session = await portal.NewSessionAsync();
            var page = session.Page;
            await page.SetViewportSizeAsync(390, 844);
            await FindOrderAsync(page, created);

            await page.GotoAsync($"/returns/start/done/{created.Rma}");
            await Expect(page.Locator("#rma")).ToHaveTextAsync(created.Rma);
            await Expect(page.Locator("#ship-by")).ToHaveTextAsync($"Déposez votre colis au plus tard le {created.ShipBy}.");
            await Expect(page.Locator("#drop-off-name")).ToHaveTextAsync(created.Point!.Name);
            await Expect(page.Locator("#drop-off-address")).ToContainTextAsync(created.Point.Address.Line1);
            await Expect(page.Locator("#drop-off-address")).ToContainTextAsync($"{created.Point.Address.Postcode} {created.Point.Address.City}");
            await Expect(page.Locator("#drop-off-hours")).ToHaveTextAsync($"Horaires : {created.Point.OpeningHours}");
            await Expect(page.Locator("#money-back")).ToHaveTextAsync(
                $"Remboursement estimé : {created.Estimate}, sur votre moyen de paiement d'origine, au plus tard 14 jours après la réception de votre colis à notre entrepôt. La date exacte s'affiche sur la page de suivi dès son arrivée.");
            await CheckAxeAsync(page, "done (drop-off)");

            await page.GetByRole(AriaRole.Link, new() { Name = "Suivre mon retour" }).First.ClickAsync();
            await Expect(page.Locator("#next-step-text")).ToHaveTextAsync(
                "Emballez les articles, collez l'étiquette sur le colis et déposez-le à votre point relais avant la date limite ci-dessous.");
            await Expect(page.Locator("#ship-by")).ToHaveTextAsync($"Déposez votre colis au plus tard le {created.ShipBy}.");
            await Expect(page.Locator("#drop-off-name")).ToHaveTextAsync(created.Point.Name);
            await Expect(page.Locator("#drop-off-hours")).ToHaveTextAsync($"Horaires : {created.Point.OpeningHours}");
            await Expect(page.Locator("#qr-link")).ToBeVisibleAsync();
            await CheckAxeAsync(page, "track (drop-off)");
            var screenshot = await BrowserPortal.ScreenshotAsync(page, "track-drop-off-specifics", output);
            new FileInfo(screenshot).Length.ShouldBeGreaterThan(0);
            session.ScriptErrors.ShouldBeEmpty();
        }
        finally
        {
            await CancelAsync(created.Rma);
        }
    }

    [Fact]
    public async Task A_pickup_exchange_shows_the_booked_day_and_address_and_the_reserved_replacement()
    {
        var created = await StartAsync(ReturnMethod.Pickup, Resolution.Exchange);
        try
        {
            await using var session = await portal.NewSessionAsync();
            var page = session.Page;
            await page.SetViewportSizeAsync(390, 844);
            await FindOrderAsync(page, created);

            await page.GotoAsync($"/returns/start/done/{created.Rma}");
            await Expect(page.Locator("#pickup-day")).ToHaveTextAsync($"Enlèvement à votre adresse le {created.PickupDay} :");
            await Expect(page.Locator("#pickup-address")).ToContainTextAsync("12 rue Oberkampf");
            await Expect(page.Locator("#pickup-address")).ToContainTextAsync("75011 Paris");
            await Expect(page.Locator("#replacements .replacement")).ToHaveTextAsync(
                $"Article de remplacement réservé pour vous : 1 × {created.Replacement} (taille {created.ReplacementSize}, couleur {created.ReplacementColour}).");
            await Expect(page.Locator("#money-back")).ToHaveTextAsync(
                "Pas de remboursement : l'article de remplacement vous est réservé et part dès que votre colis est contrôlé à notre entrepôt.");
            await Expect(page.Locator("#drop-off-point")).ToHaveCountAsync(0);
            await CheckAxeAsync(page, "done (pickup)");

            await page.GetByRole(AriaRole.Link, new() { Name = "Suivre mon retour" }).First.ClickAsync();
            await Expect(page.Locator("#next-step-text")).ToHaveTextAsync(
                "Emballez les articles et collez l'étiquette sur le colis : le transporteur vient le chercher à votre adresse le jour indiqué ci-dessous.");
            await Expect(page.Locator("#pickup-day")).ToHaveTextAsync($"Enlèvement à votre adresse le {created.PickupDay} :");
            await Expect(page.Locator("#pickup-address")).ToContainTextAsync("12 rue Oberkampf");
            await Expect(page.Locator("#replacements .replacement")).ToContainTextAsync("Article de remplacement réservé pour vous");
            // No drop-off point, no QR code to show at one, no "send by" date: the carrier comes on the booked day.
            await Expect(page.Locator("#qr-link")).ToHaveCountAsync(0);
            await Expect(page.Locator("#label-valid-until")).ToHaveCountAsync(0);
            await Expect(page.Locator("main")).Not.ToContainTextAsync("point relais");
            await Expect(page.Locator("#label-link")).ToBeVisibleAsync();
            await CheckAxeAsync(page, "track (pickup)");
            var screenshot = await BrowserPortal.ScreenshotAsync(page, "track-pickup-specifics", output);
            new FileInfo(screenshot).Length.ShouldBeGreaterThan(0);
            session.ScriptErrors.ShouldBeEmpty();
        }
        finally
        {
            await CancelAsync(created.Rma);
        }
    }

    private async Task CheckAxeAsync(IPage page, string where) => (await Axe.ViolationsAsync(page, where, output)).ShouldBeEmpty();

    private static async Task FindOrderAsync(IPage page, Created created)
    {
        await page.GotoAsync("/returns");
        await page.GetByLabel("Numéro de commande", new() { Exact = true }).FillAsync(created.OrderNumber);
        await page.GetByLabel("Adresse e-mail", new() { Exact = true }).FillAsync(created.Email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Retrouver ma commande" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/returns/order$"));
    }

    private sealed record Created(
        string Rma, string OrderNumber, string Email, string? ShipBy, DropOffPoint? Point, string Estimate, string? PickupDay,
        string? Replacement, string? ReplacementSize, string? ReplacementColour);

    /// <summary>A TEST- order of one pair of sneakers delivered 3 days ago, and its return started as the wizard does.</summary>
    private async Task<Created> StartAsync(ReturnMethod method, Resolution resolution)
    {
        var order = await portal.NewDeliveredOrderAsync(
            "CHA-BAS-001-38-BLANC", quantity: 1, unitPriceCents: 8900, "Camille Martin", "75011", emailPrefix: "p");
        await using var scope = portal.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<ReturnsDbContext>();
        var sneakers = await db.Variants.SingleAsync(v => v.Sku == "CHA-BAS-001-38-BLANC");

        var starter = sp.GetRequiredService<ReturnStarter>();
        var reason = await db.Reasons.Where(r => r.Code == "too_small").Select(r => r.Id).SingleAsync();
        var point = method == ReturnMethod.DropOff ? await db.DropOffPoints.Where(p => p.IsActive).OrderBy(p => p.Id).FirstAsync() : null;
        var replacement = resolution == Resolution.Exchange
            ? await db.Variants.Include(v => v.Product).Where(v => v.ProductId == sneakers.ProductId && v.Id != sneakers.Id)
                .OrderBy(v => v.Id).FirstAsync()
            : null;
        var pickupDay = DropOffSearch.NextWorkingDays(starter.TodayInParis, ReturnStarter.PickupDays)[1];
        var result = await starter.StartAsync(new StartReturnCommand(
            order.Id,
            [new StartLine(order.LineId, 1, reason, null, replacement?.Id, [])],
            resolution, method, point?.Id,
            method == ReturnMethod.Pickup ? new StartPickup("12 rue Oberkampf", null, "75011", "Paris", pickupDay) : null,
            "fr", "test-" + order.Number[TestOrders.Prefix.Length..]), "customer", CancellationToken.None);
        result.Errors.ShouldBeEmpty();
        var saved = await db.Returns.AsNoTracking().Where(r => r.Rma == result.Rma)
            .Select(r => new { r.LabelValidUntil, r.RefundEstimate }).SingleAsync();
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        return new Created(
            result.Rma!, order.Number, order.Email,
            saved.LabelValidUntil is { } until ? TimeZoneInfo.ConvertTimeFromUtc(until, paris).ToString("dddd d MMMM yyyy", French) : null,
            point, saved.RefundEstimate.Format(French), pickupDay.ToString("dddd d MMMM yyyy", French),
            replacement?.Product!.Name, replacement?.Size, replacement?.Colour);
    }

    private async Task CancelAsync(string rma)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var request = await db.Returns.SingleAsync(r => r.Rma == rma);
        request.Cancel("customer", DateTime.UtcNow);
        await scope.ServiceProvider.GetRequiredService<StockReservations>().ReleaseForAsync(request, CancellationToken.None);
        await db.SaveChangesAsync();
    }
}
