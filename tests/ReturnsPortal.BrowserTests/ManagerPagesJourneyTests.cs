using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using ReturnsPortal.BrowserTests.Infrastructure;
using ReturnsPortal.Web.Files;
using ReturnsPortal.Web.Notifications;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ReturnsPortal.BrowserTests;

/// <summary>Issue 15, item 13: what a manager reads on the dashboard, the alerts, the mailbox and the policy editor.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ManagerPagesJourneyTests(BrowserPortal portal, ITestOutputHelper output)
{
    private readonly AxeFindings violations = new(output);

    [Fact]
    public async Task The_dashboard_and_the_alerts_name_the_same_problem_products_each_once_in_plain_words()
    {
        await using var session = await portal.NewSessionAsync();
        var page = session.Page;
        await SignInAsync(page);

        await page.GotoAsync("/manage/analytics/alerts");
        await page.GetByRole(AriaRole.Button, new() { Name = "Détecter maintenant" }).ClickAsync();
        await Expect(page.Locator("#alerts-done")).ToBeVisibleAsync();
        // One card per product, whatever the number of its findings.
        var cards = await page.Locator("#open-alerts .product-alerts").AllAsync();
        var alerted = new List<string>();
        foreach (var card in cards)
        {
            alerted.Add((await card.GetAttributeAsync("data-product"))!);
        }
        output.WriteLine("Alerted: " + string.Join(", ", alerted));
        alerted.Count.ShouldBeGreaterThan(0);
        alerted.ShouldBeUnique();
        var highRate = new List<string>();
        foreach (var finding in await page.Locator("#open-alerts article[data-kind='HighReturnRate']").AllAsync())
        {
            highRate.Add((await finding.GetAttributeAsync("data-product"))!);
        }
        highRate.ShouldNotBeEmpty();
        // "Wilson à 95 %" becomes words a manager reads.
        await Expect(page.Locator("#alerts-rule")).Not.ToContainTextAsync("Wilson");
        await Expect(page.Locator("#open-alerts article[data-kind='HighReturnRate'] .alert-now").First)
            .ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"au moins \d+,\d\s%\sde retours \(estimation prudente, 95\s%\)"));
        await violations.CheckAsync(page, "/manage/analytics/alerts");

        // The dashboard's default 30 days: its own problem products, and the alerted products named beside them.
        await page.GotoAsync("/manage/analytics");
        var named = new List<string>();
        foreach (var item in await page.Locator("#problems-alerts .alerted-product").AllAsync())
        {
            named.Add((await item.GetAttributeAsync("data-product"))!);
        }
        named.ShouldBe(alerted.Order(StringComparer.Ordinal).ToList());
        await Expect(page.Locator("#problems-section, section[aria-labelledby='problems-heading']")).Not.ToContainTextAsync("Wilson");
        await violations.CheckAsync(page, "/manage/analytics");

        // Over the detection's window the dashboard's table lists exactly the high-return-rate alerts: one rule.
        await page.Locator("#problems-alert-window").ClickAsync();
        var listed = new List<string>();
        foreach (var row in await page.Locator("#problems-table tbody tr th").AllAsync())
        {
            listed.Add((await row.InnerTextAsync()).Trim());
        }
        listed.Order(StringComparer.Ordinal).ShouldBe(highRate.Order(StringComparer.Ordinal).ToList());
        violations.ToString().ShouldBeEmpty("axe found violations");
        session.ScriptErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_mailbox_viewer_keeps_the_line_breaks_of_a_text_email()
    {
        var id = await WriteMailAsync("Bonjour Camille,\n\nVotre retour RP-TEST-0001 est bien reçu.\nMontant : 64,00 €\n\nL'équipe Maison Lumière");
        await using var session = await portal.NewSessionAsync();
        var page = session.Page;
        await SignInAsync(page);

        await page.GotoAsync($"/manage/mailbox/{id}");

        var text = page.Locator("#mail-text");
        await Expect(text).ToBeVisibleAsync();
        (await text.EvaluateAsync<string>("e => getComputedStyle(e).whiteSpace")).ShouldBe("pre-wrap");
        (await text.InnerTextAsync()).ShouldContain("Bonjour Camille,\n\nVotre retour RP-TEST-0001 est bien reçu.\nMontant : 64,00 €");
        await violations.CheckAsync(page, "/manage/mailbox/{id}");
        violations.ToString().ShouldBeEmpty("axe found violations");
    }

    [Fact]
    public async Task The_policy_editor_and_the_mailbox_pass_axe_including_its_best_practices()
    {
        await using var session = await portal.NewSessionAsync();
        var page = session.Page;
        await SignInAsync(page);

        await page.GotoAsync("/manage/policy");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await violations.CheckAsync(page, "/manage/policy");
        await page.GotoAsync("/manage/mailbox");
        await violations.CheckAsync(page, "/manage/mailbox");
        violations.ToString().ShouldBeEmpty("axe found violations");
    }

    /// <summary>A plain-text e-mail in the mailbox (the file store), as the mailbox sender writes them; returns its id.</summary>
    private async Task<string> WriteMailAsync(string body)
    {
        var files = portal.Services.GetRequiredService<IFileStore>();
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("retours@example.fr"));
        message.To.Add(MailboxAddress.Parse("camille@example.fr"));
        message.Subject = "TEST mailbox line breaks";
        message.Date = DateTimeOffset.UtcNow;
        message.Body = new TextPart("plain") { Text = body };
        var id = Guid.NewGuid().ToString("N");
        using var content = new MemoryStream();
        await message.WriteToAsync(content);
        content.Position = 0;
        await files.WriteAsync(Mailbox.KeyOf(id), content, CancellationToken.None);
        return id;
    }

    private static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Adresse e-mail", new() { Exact = true }).FillAsync("manager@example.fr");
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync("Demo!2026returns");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
    }
}
