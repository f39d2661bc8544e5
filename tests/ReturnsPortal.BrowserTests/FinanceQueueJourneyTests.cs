using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReturnsPortal.BrowserTests.Infrastructure;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ReturnsPortal.BrowserTests;

/// <summary>
/// The finance queue of issue 18 (ADR 0118), on a desktop: finance signs in, finds a refund to pay, marks it paid with
/// the bank's reference, and it leaves "to pay". The refund is settled from its own "TEST-…" order.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class FinanceQueueJourneyTests(BrowserPortal portal, ITestOutputHelper output)
{
    private const string Finance = "finance@example.fr";

    [Fact]
    public async Task Finance_marks_a_refund_paid_with_the_bank_reference_and_it_leaves_the_refunds_to_pay()
    {
        var reference = await RefundToPayAsync();
        await using var finance = await SignedInAsync(Finance);
        var page = finance.Page;

        // Finance lands on its queue, not on the warehouse's.
        await Expect(page).ToHaveURLAsync(new Regex("/staff/refunds$", RegexOptions.IgnoreCase));
        var row = page.Locator($"#refunds tr[data-reference='{reference}']");
        await Expect(row).ToContainTextAsync("89,00");
        await Expect(row.Locator(".legal-deadline")).ToContainTextAsync("Légale");
        await CheckAxeAsync(page, "refunds to pay");
        await BrowserPortal.ScreenshotAsync(page, "finance-1-refunds-to-pay", output);

        await row.GetByRole(AriaRole.Button, new() { Name = "Marquer payé" }).ClickAsync();
        // The browser's own check: the reference is required before anything is posted.
        (await SettlementStatusAsync(reference)).ShouldBe(SettlementStatus.Sent);
        await row.GetByLabel("Référence bancaire ou PSP").FillAsync("VIR-2026-1207-0042");
        await row.GetByRole(AriaRole.Button, new() { Name = "Marquer payé" }).ClickAsync();

        await Expect(page.Locator("#refunds-done")).ToContainTextAsync(reference);
        await Expect(page.Locator($"#refunds tr[data-reference='{reference}']")).ToHaveCountAsync(0);
        (await SettlementStatusAsync(reference)).ShouldBe(SettlementStatus.Paid);
        await page.Locator("#view-paid").ClickAsync();
        await Expect(page.Locator($"#refunds tr[data-reference='{reference}']")).ToContainTextAsync("VIR-2026-1207-0042");
        await BrowserPortal.ScreenshotAsync(page, "finance-2-paid", output);
        finance.ScriptErrors.ShouldBeEmpty();
    }

    private async Task CheckAxeAsync(IPage page, string where) => (await Axe.ViolationsAsync(page, where, output)).ShouldBeEmpty();

    private async Task<BrowserSession> SignedInAsync(string email)
    {
        var session = await portal.NewSessionAsync();
        await session.Page.SetViewportSizeAsync(1366, 768);
        await session.Page.GotoAsync("/account/login");
        await session.Page.GetByLabel("Adresse e-mail").FillAsync(email);
        await session.Page.GetByLabel("Mot de passe").FillAsync("Demo!2026returns");
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Expect(session.Page.Locator("#staff-nav")).ToBeVisibleAsync();
        return session;
    }

    private async Task<SettlementStatus> SettlementStatusAsync(string reference)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        return await db.Settlements.AsNoTracking().Where(s => s.Reference == reference).Select(s => s.Status).SingleAsync();
    }

    /// <summary>
    /// A return of its own "TEST-…" order (sneakers at 89 €), received, graded A and accepted: its refund is Sent to
    /// the finance queue (Payments:Provider=Manual, the default). Returns the refund's reference.
    /// </summary>
    private async Task<string> RefundToPayAsync()
    {
        var created = await portal.NewDeliveredOrderAsync(
            "CHA-BAS-001-38-BLANC", quantity: 1, unitPriceCents: 8900, "Sacha Lemoine", "69006", emailPrefix: "f", deliveredDaysAgo: 5);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var order = await db.Orders.Include(o => o.Lines).ThenInclude(l => l.Variant).SingleAsync(o => o.Id == created.Id);
        var now = DateTime.UtcNow;
        var policy = await db.Policies.CurrentAsync(default) ?? throw new InvalidOperationException("No policy in force.");
        var reason = await db.Reasons.Where(r => r.Code == "too_small").Select(r => r.Id).SingleAsync();
        var point = await db.DropOffPoints.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        var request = ReturnRequest.Create(RmaNumber.Generate(), order, policy, [new ReturnLine(created.LineId, 1, reason, null)],
            Resolution.Refund, ReturnMethod.DropOff, point, await db.Warehouses.OrderBy(w => w.Id).Select(w => w.Id).FirstAsync(), "fr", "customer", now.AddDays(-4));
        request.Approve("agent@example.fr", now.AddDays(-4).AddHours(1));
        db.Returns.Add(request);
        await db.SaveChangesAsync();
        // As the warehouse reads it: lines with their reasons and policy, which the decision's breakdown needs.
        request = await db.Returns.ForWarehouse().SingleAsync(r => r.Id == request.Id);
        request.Receive([.. request.Lines.Select(l => new LineReceipt(l.Id, ReceiptOutcome.Received, l.Quantity))], "inspector@example.fr", now.AddHours(-2));
        foreach (var line in request.Lines)
        {
            request.InspectLine(new LineInspection(line.Id, ItemGrade.A, request.Policy!.EnabledChecklist().Select(c => c.Code).ToList(),
                SerialCheck.NotApplicable, null), "inspector@example.fr", now.AddHours(-1));
        }
        request.Decide([.. request.Lines.Select(l => new LineDecisionInput(l.Id, LineVerdict.Accept, Disposition.Restock, null))], "inspector@example.fr", now);
        // The save settles the return (ReturnResolved, ADR 0098): its refund is handed to the queue.
        await db.SaveChangesAsync();
        return "RI-" + request.Rma;
    }
}
