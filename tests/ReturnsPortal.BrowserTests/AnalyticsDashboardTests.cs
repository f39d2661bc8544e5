using Microsoft.Playwright;
using ReturnsPortal.BrowserTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ReturnsPortal.BrowserTests;

/// <summary>The analytics dashboard in Chromium: the charts are drawn under the strict CSP, the page passes axe.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class AnalyticsDashboardTests(BrowserPortal portal, ITestOutputHelper output)
{
    [Fact]
    public async Task A_manager_filters_the_dashboard_and_sees_charts_drawn_without_script_errors()
    {
        await using var session = await portal.NewSessionAsync();
        var page = session.Page;
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Adresse e-mail", new() { Exact = true }).FillAsync("manager@example.fr");
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync("Demo!2026returns");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Analyses" }).ClickAsync();
        await Expect(page.Locator("#kpis-table")).ToBeVisibleAsync();

        await page.GetByLabel("Du (inclus)").FillAsync(DateTime.UtcNow.AddDays(-180).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Afficher" }).ClickAsync();
        await Expect(page.Locator("#problems-table tbody tr")).ToHaveCountAsync(2);

        // Chart.js drew on both canvases (a drawn canvas has its size set by the library).
        foreach (var id in new[] { "reasons-chart", "weekly-chart" })
        {
            var drawn = await page.EvaluateAsync<bool>($"() => !!Chart.getChart(document.getElementById('{id}'))");
            drawn.ShouldBeTrue(id);
        }
        session.ScriptErrors.ShouldBeEmpty();

        (await Axe.ViolationsAsync(page, "/analytics (filtered)", output)).ShouldBeEmpty();
    }
}
