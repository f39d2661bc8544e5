using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReturnsPortal.BrowserTests.Infrastructure;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Policies;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ReturnsPortal.BrowserTests;

/// <summary>
/// The assisted-return form's enhancement (wwwroot/js/assist-resolutions.js, ADR 0085): choosing a reason that excludes
/// a refund greys the refund out and clears it. Creates no return; the narrowed version is undone for the other journeys.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class AssistedResolutionsJourneyTests(BrowserPortal portal, ITestOutputHelper output)
{
    [Fact]
    public async Task An_agent_choosing_a_reason_without_refund_sees_the_refund_greyed_out()
    {
        var original = await PublishAsync(narrow: true);
        try
        {
            await using var agent = await portal.NewSessionAsync();
            var page = agent.Page;
            await page.GotoAsync("/account/login");
            await page.GetByLabel("Adresse e-mail").FillAsync("agent@example.fr");
            await page.GetByLabel("Mot de passe").FillAsync("Demo!2026returns");
            await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
            await page.GotoAsync("/staff/orders/DEMO-1001");
            await Expect(page.Locator("#resolution-rules")).ToContainTextAsync("Ne me plaît plus : avoir");

            var refund = page.Locator("#Form_Resolution option[value='Refund']");
            await page.Locator("#Form_Resolution").SelectOptionAsync("Refund");
            await page.Locator("[id='Form_Lines[0]_Quantity']").FillAsync("1");
            await page.Locator("[id='Form_Lines[0]_ReasonId']").SelectOptionAsync(new SelectOptionValue { Label = "Ne me plaît plus" });

            await Expect(refund).ToHaveJSPropertyAsync("disabled", true);
            await Expect(page.Locator("#Form_Resolution")).ToHaveValueAsync("");
            await Expect(page.Locator("#Form_Resolution option[value='StoreCredit']")).ToHaveJSPropertyAsync("disabled", false);
            await BrowserPortal.ScreenshotAsync(page, "assist-resolutions-narrowed", output);

            // Back to zero items: the reason no longer counts and the refund is offered again.
            await page.Locator("[id='Form_Lines[0]_Quantity']").FillAsync("0");
            await Expect(refund).ToHaveJSPropertyAsync("disabled", false);
            agent.ScriptErrors.ShouldBeEmpty();
        }
        finally
        {
            await PublishAsync(narrow: false, originalId: original);
        }
    }

    /// <summary>
    /// Publishes the current terms with "changed my mind" narrowed to store credit and exchange (returns the id of the
    /// version it replaced), or publishes the original terms again.
    /// </summary>
    private async Task<int> PublishAsync(bool narrow, int originalId = 0)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var current = await db.Policies.WithTerms().SingleAsync(p => p.IsDefault);
        var terms = narrow ? current.CopyTerms() : (await db.Policies.AsNoTracking().WithTerms().SingleAsync(p => p.Id == originalId)).CopyTerms();
        if (narrow)
        {
            var changedMind = await db.Reasons.Where(r => r.Code == "changed_mind").Select(r => r.Id).SingleAsync();
            terms.ReasonResolutions.RemoveAll(r => r.ReasonId == changedMind);
            terms.ReasonResolutions.Add(new PolicyReasonResolution { ReasonId = changedMind, AllowRefund = false });
        }
        db.Policies.Add(PolicyVersions.Publish(current, terms, "browser-test", narrow ? "narrow" : "restore",
            scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, null, await db.Reasons.ToListAsync()));
        await db.SaveChangesAsync();
        return current.Id;
    }
}
