using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Hosting;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Returns.Track;

/// <summary>
/// After the decision the tracking page shows the money (issue 15 item 7): amount, each deduction with its reason,
/// method, date and reference, and the settlement's real state.
/// </summary>
public abstract class SettlementTests(PortalFactory factory)
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    [Fact]
    public async Task A_settled_refund_shows_the_amount_each_deduction_with_its_reason_the_method_the_date_and_the_reference()
    {
        var decidedAt = DateTime.UtcNow;
        var (rma, email, total, deductedLine) = await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            // A received refund, graded A and decided now, with a 5 € deduction by hand on its first line.
            var request = await db.Returns.ForWarehouse()
                .Where(r => r.Status == ReturnStatus.Received && r.Resolution == Resolution.Refund).OrderBy(r => r.Id).FirstAsync();
            var received = request.Lines.Where(l => l.IsReceived).OrderBy(l => l.Id).ToList();
            received.ForEach(l => request.InspectLine(new LineInspection(l.Id, ItemGrade.A, [], SerialCheck.NotApplicable, null), "inspector@example.fr", decidedAt));
            request.Decide([.. received.Select((l, i) => new LineDecisionInput(
                l.Id, i == 0 ? LineVerdict.AcceptWithDeduction : LineVerdict.Accept, Disposition.Restock, i == 0 ? 500 : null))], "agent@example.fr", decidedAt);
            if (request.Status == ReturnStatus.AwaitingApproval)
            {
                request.ApproveSettlement("manager@example.fr", decidedAt);
            }
            (await new Settlements(db, sp.GetRequiredService<SettlementChannels>()).AddIfResolvedAsync(request, "agent@example.fr", decidedAt, CancellationToken.None)).ShouldNotBeNull();
            await db.SaveChangesAsync();
            return (request.Rma, request.Order!.Email, request.DecidedTotal(request.Order.Currency), received[0].Decision!);
        });
        var client = await SignedInAsync(rma, email);

        var page = await client.GetDocumentAsync($"/returns/track/{rma}");

        page.QuerySelector("#next-step-text").Text().ShouldBe("Votre remboursement est en cours de traitement : le montant et son détail sont ci-dessous.");
        page.QuerySelector("#money-amount").Text().ShouldBe(total.Format(French));
        page.QuerySelector("#money-method").Text().ShouldBe("Remboursement sur votre moyen de paiement d'origine");
        var state = page.QuerySelector("#money-state").Text();
        state.ShouldStartWith($"Remboursement en cours de traitement depuis le {decidedAt.ToLocalFrench().ToString("d MMMM yyyy", French)} : vous recevrez un e-mail");
        // Sent to finance, not paid yet: the page never says it was paid.
        state.ShouldNotContain("versé le");
        state.ShouldNotContain("payé");
        page.QuerySelector("#money-reference").Text().ShouldBe($"Référence : RI-{rma}");
        var deductions = page.QuerySelectorAll("#money-lines .money-deduction").Select(d => d.Text()).ToList();
        deductions.ShouldContain($"Déduction pour l'état de l'article (état A à l'inspection) : −{new Money(500, total.Currency).Format(French)}");
        if (deductedLine.LabelFee.Minor != 0)
        {
            deductions.ShouldContain($"Frais d'étiquette retour : −{deductedLine.LabelFee.Format(French)}");
        }
        page.QuerySelectorAll("#money-lines .money-line")[0].Text().ShouldContain("Accepté avec une déduction");
        page.QuerySelectorAll("#money-lines .money-line")[0].Text().ShouldContain($"Montant pour cet article : {deductedLine.Total.Format(French)}");
        page.QuerySelector("#refund-date").ShouldBeNull();
    }

    [Fact]
    public async Task A_settled_store_credit_shows_the_credit_with_its_bonus()
    {
        var seeded = await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            return await db.Returns.AsNoTracking().Where(r => r.Status == ReturnStatus.Resolved && r.Resolution == Resolution.StoreCredit)
                .OrderBy(r => r.Id)
                .Select(r => new
                {
                    r.Rma,
                    r.Order!.Email,
                    Settlement = db.Settlements.Where(s => s.ReturnRequestId == r.Id).Select(s => new { s.Amount, s.Bonus, s.Reference }).First(),
                })
                .FirstAsync();
        });
        var client = await SignedInAsync(seeded.Rma, seeded.Email);

        var page = await client.GetDocumentAsync($"/returns/track/{seeded.Rma}");

        page.QuerySelector("#money-amount").Text().ShouldBe((seeded.Settlement.Amount + seeded.Settlement.Bonus).Format(French));
        page.QuerySelector("#money-method").Text().ShouldBe("Avoir à utiliser dans notre boutique");
        page.QuerySelector("#money-reference").Text().ShouldBe($"Référence : {seeded.Settlement.Reference}");
        if (seeded.Settlement.Bonus.Minor > 0)
        {
            page.QuerySelector("#money-bonus").Text().ShouldBe($"{seeded.Settlement.Amount.Format(French)} plus un bonus de {seeded.Settlement.Bonus.Format(French)}");
        }
    }

    /// <summary>A refund resolved for the test (handed to the finance queue: Sent), moved by <paramref name="move"/>.</summary>
    private async Task<(string Rma, string Email)> RefundAsync(Action<Settlement, DateTime> move)
    {
        var made = await TestReturns.ReturnAsync(factory, ReturnStatus.Resolved);
        await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            var settlement = await db.Settlements.SingleAsync(s => s.IdempotencyKey == Settlement.KeyFor(made.Rma));
            move(settlement, DateTime.UtcNow);
            return await db.SaveChangesAsync();
        });
        return (made.Rma, made.Email);
    }

    [Fact]
    public async Task A_failed_refund_is_still_being_processed_for_the_customer_while_staff_see_the_failure_and_its_reason()
    {
        var (rma, email) = await RefundAsync((s, at) => s.MarkFailed("IBAN refusé par la banque", "finance@example.fr", at));
        var client = await SignedInAsync(rma, email);

        var page = await client.GetDocumentAsync($"/returns/track/{rma}");

        var state = page.QuerySelector("#money-state").Text();
        state.ShouldStartWith("Remboursement en cours de traitement depuis le");
        page.QuerySelector("#settlement").Text().ShouldNotContain("échec");
        page.QuerySelector("#settlement").Text().ShouldNotContain("IBAN");

        var staff = await factory.SignedInAsync("agent@example.fr");
        var detail = await staff.GetDocumentAsync($"/staff/returns/{rma}");
        var block = detail.QuerySelector("#settlement").ShouldNotBeNull();
        block.QuerySelector(".settlement-status").Text().ShouldBe("En échec");
        block.QuerySelector(".settlement-failure").Text().ShouldContain("IBAN refusé par la banque");
        block.QuerySelector(".settlement-provider").Text().ShouldContain("Manual");
        block.QuerySelector(".settlement-deadlines").Text().ShouldStartWith("Échéance légale :");
    }

    [Fact]
    public async Task A_paid_refund_says_when_with_the_payment_reference()
    {
        var paidAt = DateTime.UtcNow;
        var (rma, email) = await RefundAsync((s, at) => s.MarkPaid("VIR-2026-1207-42", "finance@example.fr", paidAt));
        var client = await SignedInAsync(rma, email);

        var page = await client.GetDocumentAsync($"/returns/track/{rma}");

        page.QuerySelector("#next-step-text").Text().ShouldBe("Votre remboursement est versé : le montant et son détail sont ci-dessous.");
        page.QuerySelector("#money-state").Text().ShouldStartWith(
            $"Remboursement versé le {paidAt.ToLocalFrench().ToString("d MMMM yyyy", French)} (référence du paiement : VIR-2026-1207-42)");
        var staff = await factory.SignedInAsync("agent@example.fr");
        var block = (await staff.GetDocumentAsync($"/staff/returns/{rma}")).QuerySelector("#settlement").ShouldNotBeNull();
        block.QuerySelector(".settlement-status").Text().ShouldBe("Payé");
        block.QuerySelector(".settlement-provider-reference").Text().ShouldContain("VIR-2026-1207-42");
        block.QuerySelector(".settlement-deadlines").ShouldBeNull();
    }

    [Fact]
    public async Task An_exchange_waits_then_shows_the_carrier_and_tracking_number_once_shipped()
    {
        var (rma, id) = await Staff.Exchanges.IndexTests.WaitingExchangeAsync(factory);
        var email = await factory.ReadAsync(db => db.Returns.Where(r => r.Rma == rma).Select(r => r.Order!.Email).SingleAsync());
        var client = await SignedInAsync(rma, email);
        (await client.GetDocumentAsync($"/returns/track/{rma}")).QuerySelector("#money-state").Text()
            .ShouldStartWith("Échange accordé le");

        var staff = await factory.SignedInAsync("inspector@example.fr");
        var list = await staff.GetDocumentAsync("/staff/exchanges");
        using (await staff.SubmitAsync(list, $"#ship-form-{id}", new Dictionary<string, string>
        {
            ["Ship.Carrier"] = "Chronopost",
            ["Ship.Tracking"] = "XR123456789FR",
            ["Ship.OtherCarrier"] = "",
        }))
        {
        }

        var page = await client.GetDocumentAsync($"/returns/track/{rma}");
        page.QuerySelector("#next-step-text").Text().ShouldBe("Votre article de remplacement est en route : le transporteur et le numéro de suivi sont ci-dessous.");
        page.QuerySelector("#money-state").Text().ShouldContain("par Chronopost, numéro de suivi XR123456789FR");
        (await staff.GetDocumentAsync($"/staff/returns/{rma}")).QuerySelector("#settlement .settlement-tracking").Text().ShouldContain("XR123456789FR");
    }

    [Fact]
    public async Task An_exchange_cancelled_for_store_credit_shows_the_credit_and_mentions_the_cancellation()
    {
        var (rma, id) = await Staff.Exchanges.IndexTests.WaitingExchangeAsync(factory);
        var email = await factory.ReadAsync(db => db.Returns.Where(r => r.Rma == rma).Select(r => r.Order!.Email).SingleAsync());
        var staff = await factory.SignedInAsync("inspector@example.fr");
        var list = await staff.GetDocumentAsync("/staff/exchanges");
        using (await staff.SubmitAsync(list, $"#cancel-form-{id}", new Dictionary<string, string>
        {
            ["Cancel.Instead"] = "StoreCredit",
            ["Cancel.Reason"] = "Taille épuisée",
        }))
        {
        }
        var client = await SignedInAsync(rma, email);

        var page = await client.GetDocumentAsync($"/returns/track/{rma}");

        page.QuerySelector("#money-method").Text().ShouldBe("Avoir à utiliser dans notre boutique");
        page.QuerySelector("#money-exchange-cancelled").Text().ShouldContain("vous recevez à la place un avoir");
        page.QuerySelector("#money-reference").Text().ShouldBe($"Référence : SC-{rma}");
        var detail = await staff.GetDocumentAsync($"/staff/returns/{rma}");
        detail.QuerySelectorAll(".settlement").Length.ShouldBe(2);
        detail.QuerySelector(".settlement[data-status='Cancelled'] .settlement-cancelled").Text().ShouldContain("Taille épuisée");
        detail.QuerySelector("#settlement").Text().ShouldContain($"SC-{rma}");
    }

    private async Task<HttpClient> SignedInAsync(string rma, string email)
    {
        var client = factory.CreateBrowserLikeClient();
        var form = await client.GetDocumentAsync("/returns/track");
        using var response = await client.SubmitAsync(form, "#track-form", new Dictionary<string, string>
        {
            ["Form.Rma"] = rma,
            ["Form.Email"] = email,
        });
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
        return client;
    }
}

public sealed class SettlementTests_Sqlite(SqlitePortalFactory factory) : SettlementTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class SettlementTests_Postgres(PostgresPortalFactory factory) : SettlementTests(factory), IClassFixture<PostgresPortalFactory>;
