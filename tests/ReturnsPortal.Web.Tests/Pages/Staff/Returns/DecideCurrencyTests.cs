using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Staff.Returns;

public sealed class DecideCurrencyTests_Sqlite(SqlitePortalFactory factory) : DecideCurrencyTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class DecideCurrencyTests_Postgres(PostgresPortalFactory factory) : DecideCurrencyTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>
/// Deciding returns of orders in other currencies than the euro, and the four-eyes rules of ADR 0125 over HTTP: a
/// currency without limits always waits; goods written off above the limit wait; both land in the approvals queue.
/// </summary>
public abstract class DecideCurrencyTests(PortalFactory factory)
{
    private const string Inspector = "inspector@example.fr";

    /// <summary>Dollar limits on the version in force of this class's database (the seeder sets the euro's only).</summary>
    private Task<int> AllowDollarsAsync() => factory.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<ReturnsDbContext>();
        var policy = await db.Policies.InForce().FirstAsync();
        policy.SetApprovalThreshold(new Money(35_000, "USD"), new Money(15_000, "USD"));
        return await db.SaveChangesAsync();
    });

    private async Task ShouldBeInTheApprovalsQueueAsync(string rma)
    {
        var manager = await factory.SignedInAsync("manager@example.fr");
        (await manager.GetDocumentAsync("/staff/approvals")).QuerySelector($"#approvals [data-rma='{rma}']").ShouldNotBeNull();
    }

    [Fact]
    public async Task A_usd_order_is_decided_and_settled_in_dollars()
    {
        // Issue 19: the euro label fee of the policy met the dollar refund and the decision failed with a generic error.
        await AllowDollarsAsync();
        var client = await factory.SignedInAsync(Inspector);
        var rma = (await TestReturns.ReturnAsync(factory, ReturnStatus.Inspected, unitPriceMinor: 4_000, currency: "USD")).Rma;
        var decide = await client.GetDocumentAsync($"/staff/returns/{rma}/decide");
        decide.QuerySelector("#breakdown").ShouldNotBeNull(decide.QuerySelector("#error-summary").Text());
        decide.QuerySelector("#four-eyes-banner").ShouldBeNull();

        using var decided = await client.SubmitAsync(decide, "#decide-form", StaffSteps.Selected(decide));
        decided.StatusCode.ShouldBe(HttpStatusCode.Redirect, (await decided.ReadDocumentAsync()).QuerySelector("#error-summary").Text());
        (await factory.StatusAsync(rma)).ShouldBe(ReturnStatus.Resolved);
        var settlement = await factory.ReadAsync(db => db.Settlements.SingleAsync(s => s.IdempotencyKey == $"settle:{rma}"));
        settlement.Amount.ShouldBe(new Money(4_000, "USD"));
    }

    [Fact]
    public async Task A_gbp_order_under_a_policy_without_pound_limits_waits_for_a_manager()
    {
        var client = await factory.SignedInAsync(Inspector);
        var rma = (await TestReturns.ReturnAsync(factory, ReturnStatus.Inspected, unitPriceMinor: 500_000, currency: "GBP")).Rma;
        var decide = await client.GetDocumentAsync($"/staff/returns/{rma}/decide");
        var banner = decide.QuerySelector("#four-eyes-banner");
        banner!.GetAttribute("data-reason").ShouldBe(nameof(SecondApproval.NoLimitsForCurrency));
        banner.Text().ShouldContain("aucun seuil de validation en GBP");

        using var decided = await client.SubmitAsync(decide, "#decide-form", StaffSteps.Selected(decide));
        decided.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await factory.StatusAsync(rma)).ShouldBe(ReturnStatus.AwaitingApproval);
        (await factory.ReadAsync(db => db.Settlements.CountAsync(s => s.IdempotencyKey == $"settle:{rma}"))).ShouldBe(0);
        await ShouldBeInTheApprovalsQueueAsync(rma);
    }

    [Fact]
    public async Task Rejecting_and_disposing_of_goods_above_the_write_off_limit_lands_in_the_approvals_queue()
    {
        // 200 € of goods: under the 300 € four-eyes limit, above the 150 € write-off limit the seeder sets.
        var client = await factory.SignedInAsync(Inspector);
        var rma = (await TestReturns.ReturnAsync(factory, ReturnStatus.Inspected, unitPriceMinor: 20_000)).Rma;
        var decide = await client.GetDocumentAsync($"/staff/returns/{rma}/decide");
        var values = StaffSteps.Selected(decide);
        values["Form.Lines[0].Verdict"] = "RejectDispose";
        values["Form.Lines[0].Disposition"] = "Destroy";

        using (var previewed = await client.SubmitFormAsync(decide, "#decide-form", values, handler: "Preview"))
        {
            var page = await previewed.ReadDocumentAsync();
            page.QuerySelector("#four-eyes-banner")!.GetAttribute("data-reason").ShouldBe(nameof(SecondApproval.WriteOff));
            page.QuerySelector("#four-eyes-banner").Text().ShouldContain("150,00");
        }
        using var decided = await client.SubmitAsync(decide, "#decide-form", values);
        decided.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await factory.StatusAsync(rma)).ShouldBe(ReturnStatus.AwaitingApproval);
        await ShouldBeInTheApprovalsQueueAsync(rma);
    }
}
