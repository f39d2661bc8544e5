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

        page.QuerySelector("#next-step-text").Text().ShouldBe("Votre remboursement est ordonné : le montant et son détail sont ci-dessous.");
        page.QuerySelector("#money-amount").Text().ShouldBe(total.Format(French));
        page.QuerySelector("#money-method").Text().ShouldBe("Remboursement sur votre moyen de paiement d'origine");
        var state = page.QuerySelector("#money-state").Text();
        state.ShouldStartWith($"Remboursement ordonné le {decidedAt.ToLocalFrench().ToString("d MMMM yyyy", French)} : il est en cours de versement");
        // Nothing in the data confirms the payment: the page never says it was paid.
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
