using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using ReturnsPortal.BrowserTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ReturnsPortal.BrowserTests;

/// <summary>Issue 15, item 13: what a manager reads on the dashboard, the alerts, the mailbox and the policy editor.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ManagerPagesFixesTests(BrowserPortal portal, ITestOutputHelper output)
{
    private static readonly AxeRunOptions WcagAa = new()
    {
        RunOnly = RunOnlyOptions.Tags("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"),
    };

    private readonly StringBuilder violations = new();

    [Fact]
    public async Task Explore()
    {
        await using var session = await portal.NewSessionAsync();
        var page = session.Page;
        await SignInAsync(page);

        await page.GotoAsync("/manage/analytics/alerts");
        await page.GetByRole(AriaRole.Button, new() { Name = "Détecter maintenant" }).ClickAsync();
        foreach (var card in await page.Locator("#open-alerts article").AllAsync())
        {
            output.WriteLine($"card {await card.GetAttributeAsync("data-product")} {await card.GetAttributeAsync("data-kind")}: {await card.InnerTextAsync()}");
        }
        output.WriteLine(await page.Locator("main").InnerTextAsync());
        await CheckAxeAsync(page, "alerts");
        await page.GotoAsync("/manage/analytics");
        output.WriteLine(await page.Locator("main").InnerTextAsync());
        await CheckAxeAsync(page, "analytics");
        await page.GotoAsync("/manage/policy");
        await CheckAxeAsync(page, "policy");
        violations.ToString().ShouldBeEmpty();
    }

    private static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Adresse e-mail", new() { Exact = true }).FillAsync("manager@example.fr");
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync("Demo!2026returns");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
    }

    private async Task CheckAxeAsync(IPage page, string where)
    {
        var result = await page.RunAxe(WcagAa);
        foreach (var violation in result.Violations)
        {
            var report = $"{where}: {violation.Id} [{violation.Impact}] {violation.Help} — {string.Join(" | ", violation.Nodes.Select(n => n.Target + " " + n.Html))}";
            output.WriteLine(report);
            violations.AppendLine(report);
        }
    }
}
