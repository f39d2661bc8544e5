using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReturnsPortal.BrowserTests.Infrastructure;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Policies;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ReturnsPortal.BrowserTests;

/// <summary>A manager changes the window and a fee, previews, publishes; the customer pages show the new terms at once.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class PolicyJourneyTests(BrowserPortal portal, ITestOutputHelper output)
{
    [Fact]
    public async Task Manager_changes_the_window_and_a_fee_previews_publishes_and_customers_see_the_new_terms()
    {
        var original = await CurrentPolicyIdAsync();
        try
        {
            await using (var manager = await portal.NewSessionAsync())
            {
                var page = manager.Page;
                await page.GotoAsync("/account/login");
                await page.GetByLabel("Adresse e-mail").FillAsync("manager@example.fr");
                await page.GetByLabel("Mot de passe").FillAsync("Demo!2026returns");
                await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
                await page.Locator("#nav-policy").ClickAsync();
                await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Politique de retour");

                await page.GetByLabel("Délai de retour (jours)", new() { Exact = true }).FillAsync("60");
                await page.GetByLabel("Frais d'étiquette — Enlèvement à domicile").FillAsync("2,50");
                // DEMO-1002 was delivered 45 days ago: outside 30 days, inside 60.
                await page.GetByLabel("Numéro de commande d'exemple (facultatif)").FillAsync("DEMO-1002");
                await page.GetByRole(AriaRole.Button, new() { Name = "Prévisualiser" }).ClickAsync();

                await Expect(page.Locator("#preview-changes")).ToContainTextAsync("30 → 60");
                await Expect(page.Locator("#preview-text #policy-window")).ToContainTextAsync("60 jours");
                await Expect(page.Locator("#preview-sample .sample-status").First).ToContainTextAsync("retour possible jusqu'au");
                await BrowserPortal.ScreenshotAsync(page, "policy-1-preview", output);

                await page.GetByLabel("Note pour l'historique (facultative)").FillAsync("Délai allongé pour l'hiver");
                await page.GetByRole(AriaRole.Button, new() { Name = "Publier cette version" }).ClickAsync();
                await Expect(page.Locator("#policy-published")).ToBeVisibleAsync();
                await Expect(page.Locator("#policy-history tbody tr").First).ToContainTextAsync("Délai allongé pour l'hiver");
                await BrowserPortal.ScreenshotAsync(page, "policy-2-published", output);
                manager.ScriptErrors.ShouldBeEmpty();
            }

            await using var customer = await portal.NewSessionAsync();
            var shop = customer.Page;
            await shop.GotoAsync("/returns");
            await Expect(shop.Locator("#find-policy-window")).ToContainTextAsync("60 jours");
            await shop.Locator("#footer-policy-link").ClickAsync();
            await Expect(shop.Locator("#policy-window")).ToHaveTextAsync("Vous pouvez retourner un article dans les 60 jours suivant la livraison.");
            await Expect(shop.Locator("#policy-fee-Pickup")).ToContainTextAsync("2,50");
            await Expect(shop.Locator("#policy-withdrawal")).ToContainTextAsync("14 jours");
            await BrowserPortal.ScreenshotAsync(shop, "policy-3-public-page", output);

            await shop.GotoAsync("/returns");
            await shop.GetByLabel("Numéro de commande").FillAsync("DEMO-1002");
            await shop.GetByLabel("Adresse e-mail").FillAsync("client@example.fr");
            await shop.GetByRole(AriaRole.Button, new() { Name = "Retrouver ma commande" }).ClickAsync();
            await Expect(shop.Locator("#start-return")).ToBeVisibleAsync();
            await Expect(shop.Locator("#order-lines")).ToContainTextAsync("Retournable jusqu'au");
            await BrowserPortal.ScreenshotAsync(shop, "policy-4-order-now-returnable", output);
            customer.ScriptErrors.ShouldBeEmpty();
        }
        finally
        {
            await RestoreAsync(original);
        }
    }

    private async Task<int> CurrentPolicyIdAsync()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        return await db.Policies.Where(p => p.IsDefault).Select(p => p.Id).SingleAsync();
    }

    /// <summary>The other journeys share this portal: publish the original terms again as a new version.</summary>
    private async Task RestoreAsync(int originalId)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var current = await db.Policies.CurrentAsync(default);
        if (current is null || current.Id == originalId)
        {
            return;
        }
        var original = await db.Policies.AsNoTracking().WithTerms().SingleAsync(p => p.Id == originalId);
        db.Policies.Add(PolicyVersions.Publish(current, original.CopyTerms(), "browser-test", "restore", scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, null));
        await db.SaveChangesAsync();
    }
}
