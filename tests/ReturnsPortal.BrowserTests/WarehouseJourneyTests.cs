using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReturnsPortal.BrowserTests.Infrastructure;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Labels;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ReturnsPortal.BrowserTests;

/// <summary>A parcel from the scanner to the refund: an inspector receives, grades and decides; a manager approves.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class WarehouseJourneyTests(BrowserPortal portal, ITestOutputHelper output)
{
    [Fact]
    public async Task Inspector_receives_by_scan_inspects_and_decides_then_a_manager_approves()
    {
        var seeded = await portal.ReturnAsync(ReturnStatus.InTransit, 0);
        var restore = await SetThresholdAsync(seeded.Rma, 0);
        try
        {
            await using (var inspector = await SignedInAsync("inspector@example.fr"))
            {
                var page = inspector.Page;
                await page.GotoAsync("/staff/receive");
                // A keyboard-wedge scanner types the QR payload into the focused field and presses Enter.
                await Expect(page.GetByLabel("Scannez ou saisissez le RMA, le QR code de l'étiquette, le numéro de suivi, le numéro de commande ou l'e-mail du client")).ToBeFocusedAsync();
                await page.Keyboard.TypeAsync(LabelCodes.QrPayload(seeded.Rma));
                await page.Keyboard.PressAsync("Enter");
                await Expect(page.Locator("#return-status")).ToHaveTextAsync("En transit");
                await BrowserPortal.ScreenshotAsync(page, "warehouse-1-return", output);
                await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer la réception" }).ClickAsync();

                while (await page.Locator("#inspect-form").CountAsync() > 0)
                {
                    await page.Locator("label[for='grade-A']").ClickAsync();
                    await page.Locator("label[for='serial-Matches']").ClickAsync();
                    await page.GetByRole(AriaRole.Switch, new() { Name = "Emballage d'origine" }).CheckAsync();
                    // Tags are a required condition in the seeded policy: an explicit yes or no (ADR 0086).
                    await page.Locator("label[for='required-tags_attached-yes']").ClickAsync();
                    await BrowserPortal.ScreenshotAsync(page, "warehouse-2-inspect", output);
                    await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer cette ligne" }).ClickAsync();
                }

                await Expect(page.Locator("#four-eyes-banner")).ToBeVisibleAsync();
                await Expect(page.Locator("#breakdown")).ToBeVisibleAsync();
                await BrowserPortal.ScreenshotAsync(page, "warehouse-3-decide", output);
                await page.GetByRole(AriaRole.Button, new() { Name = "Décider", Exact = true }).ClickAsync();
                await Expect(page.Locator("#return-status")).ToHaveTextAsync("En attente de validation");
                inspector.ScriptErrors.ShouldBeEmpty();
            }

            await using var manager = await SignedInAsync("manager@example.fr");
            var review = manager.Page;
            await review.GotoAsync("/staff/approvals");
            await review.GetByRole(AriaRole.Link, new() { Name = seeded.Rma }).ClickAsync();
            await BrowserPortal.ScreenshotAsync(review, "warehouse-4-approve", output);
            await review.GetByRole(AriaRole.Button, new() { Name = "Valider le règlement" }).ClickAsync();

            await Expect(review.Locator("#return-status")).ToHaveTextAsync("Réglé");
            await Expect(review.Locator("#settlement")).ToContainTextAsync(seeded.Rma);
            await Expect(review.Locator("#history")).ToContainTextAsync("manager@example.fr");
            var screenshot = await BrowserPortal.ScreenshotAsync(review, "warehouse-5-settled", output);
            new FileInfo(screenshot).Length.ShouldBeGreaterThan(0);
            manager.ScriptErrors.ShouldBeEmpty();
        }
        finally
        {
            await SetThresholdAsync(seeded.Rma, restore);
        }
    }

    private async Task<BrowserSession> SignedInAsync(string email)
    {
        var session = await portal.NewSessionAsync();
        await session.Page.GotoAsync("/account/login");
        await session.Page.GetByLabel("Adresse e-mail").FillAsync(email);
        await session.Page.GetByLabel("Mot de passe").FillAsync("Demo!2026returns");
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Expect(session.Page.Locator("#staff-nav")).ToBeVisibleAsync();
        return session;
    }

    /// <summary>Sets the four-eyes threshold of the return's policy and returns the previous one (to restore it).</summary>
    private async Task<long> SetThresholdAsync(string rma, long minor)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var policyId = await db.Returns.Where(r => r.Rma == rma).Select(r => r.PolicyId).SingleAsync();
        var policy = await db.Policies.SingleAsync(p => p.Id == policyId);
        var previous = policy.ApprovalThresholdFor(Money.Euro)!.FourEyesMinor;
        policy.SetApprovalThreshold(Money.Eur(minor));
        await db.SaveChangesAsync();
        return previous;
    }
}
