using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReturnsPortal.BrowserTests.Infrastructure;
using ReturnsPortal.Domain.Persistence;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ReturnsPortal.BrowserTests;

/// <summary>
/// The manager's Monday in Chromium: the problem-product alerts from the navigation, "detect now", an alert
/// acknowledged with a note, then the customers' comments searched for a word. Both pages pass axe.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class AnalyticsAlertsJourneyTests(BrowserPortal portal, ITestOutputHelper output)
{
    /// <summary>A comment no seeded one contains, written on a recent return line by <see cref="PlantCommentAsync"/>.</summary>
    private const string Planted = "Les lacets se sont effilochés au premier laçage";

    [Fact]
    public async Task A_manager_detects_acknowledges_an_alert_with_a_note_then_finds_a_comment_by_a_word()
    {
        var rma = await PlantCommentAsync();
        await using var session = await portal.NewSessionAsync();
        var page = session.Page;
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Adresse e-mail", new() { Exact = true }).FillAsync("manager@example.fr");
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync("Demo!2026returns");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Alertes produits à problème", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Alertes produits à problème", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Détecter maintenant" }).ClickAsync();
        await Expect(page.Locator("#alerts-done")).ToHaveTextAsync("Détection faite : la liste ci-dessous est à jour.");

        // The demo shop's planted problem products raise alerts (the background job is off in tests: none before).
        var card = page.Locator("#open-alerts article").First;
        await Expect(card).ToBeVisibleAsync();
        var product = await card.GetAttributeAsync("data-product");
        var kind = await card.GetAttributeAsync("data-kind");
        var open = await page.Locator("#open-alerts article").CountAsync();
        await card.GetByLabel("Note (facultative)").FillAsync("Guide des tailles corrigé, fournisseur prévenu");
        await card.GetByRole(AriaRole.Button, new() { Name = "Prendre en compte" }).ClickAsync();

        await Expect(page.Locator("#alerts-done")).ToHaveTextAsync("Alerte prise en compte.");
        await Expect(page.Locator("#open-alerts article")).ToHaveCountAsync(open - 1);
        var row = page.Locator($"#acknowledged-table tbody tr[data-product='{product}'][data-kind='{kind}']");
        await Expect(row.Locator(".acknowledged-note")).ToHaveTextAsync("Guide des tailles corrigé, fournisseur prévenu");
        await Expect(row).ToContainTextAsync("manager@example.fr");
        await CheckAccessibilityAsync(page, "alerts");

        await page.GetByRole(AriaRole.Link, new() { Name = "Commentaires des clients", Exact = true }).ClickAsync();
        await Expect(page.Locator("#comments-table")).ToBeVisibleAsync();
        // Case does not matter (ADR 0046): the word in capitals finds the comment written in lower case.
        await page.GetByLabel("Mots du commentaire").FillAsync("LACETS");
        await page.GetByRole(AriaRole.Button, new() { Name = "Afficher" }).ClickAsync();

        var rows = page.Locator("#comments-table tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync(Planted);
        await Expect(rows.First.GetByRole(AriaRole.Link, new() { Name = rma })).ToHaveAttributeAsync("href", $"/staff/returns/{rma}");
        page.Url.ShouldContain("q=LACETS");
        await CheckAccessibilityAsync(page, "comments");
        session.ScriptErrors.ShouldBeEmpty();
    }

    /// <summary>The demo's comments are drawn at random: one with a word of its own, on a return of the default 30 days.</summary>
    private async Task<string> PlantCommentAsync()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var since = DateTime.UtcNow.AddDays(-20);
        var line = await db.ReturnLines.AsNoTracking()
            .Where(l => db.Returns.Any(r => r.Id == l.ReturnRequestId && r.CreatedAt > since))
            .OrderBy(l => l.Id)
            .Select(l => new { l.Id, Rma = db.Returns.Where(r => r.Id == l.ReturnRequestId).Select(r => r.Rma).Single() })
            .FirstAsync();
        await db.ReturnLines.Where(l => l.Id == line.Id).ExecuteUpdateAsync(s => s.SetProperty(l => l.Comment, Planted));
        return line.Rma;
    }

    private async Task CheckAccessibilityAsync(IPage page, string name)
    {
        (await Axe.ViolationsAsync(page, name, output)).ShouldBeEmpty(name);
    }
}
