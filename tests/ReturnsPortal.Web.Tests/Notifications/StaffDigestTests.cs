using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Notifications;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Notifications;

public sealed class StaffDigestTests_Sqlite(SqlitePortalFactory factory) : StaffDigestTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class StaffDigestTests_Postgres(PostgresPortalFactory factory) : StaffDigestTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>
/// The staff digest's refunds section (Notifications/StaffDigest, issue 18): every refund not paid yet with its legal and
/// service deadlines, the ones at risk highlighted, sent to finance as well.
/// </summary>
public abstract class StaffDigestTests(PortalFactory factory)
{
    private async Task<Settlement> SentRefundAsync()
    {
        var rma = (await TestReturns.ReturnAsync(factory, ReturnStatus.Resolved, unitPriceMinor: 4_990)).Rma;
        return await factory.ReadAsync(db => db.Settlements.AsNoTracking().SingleAsync(s => s.Reference == "RI-" + rma));
    }

    private Task<DigestContent> DigestAtAsync(DateTime at) =>
        factory.WithScopeAsync(sp => sp.GetRequiredService<StaffDigest>().ComputeAsync(at, CancellationToken.None));

    [Fact]
    public async Task An_unpaid_refund_is_listed_with_its_deadlines_and_is_at_risk_once_its_service_deadline_is_near()
    {
        var sent = await SentRefundAsync();
        var now = DateTime.UtcNow;

        var today = (await DigestAtAsync(now)).Refunds.Single(r => r.Reference == sent.Reference);
        var late = (await DigestAtAsync(sent.ServiceDeadline!.Value.AddHours(1))).Refunds.Single(r => r.Reference == sent.Reference);

        today.LegalDeadline.ShouldBe(sent.LegalDeadline);
        today.ServiceDeadline.ShouldBe(sent.ServiceDeadline);
        today.Amount.ShouldBe(sent.Amount);
        today.Urgency.ShouldBe(SettlementDeadlines.Urgency(sent.LegalDeadline, sent.ServiceDeadline, now));
        late.AtRisk.ShouldBeTrue();
        late.IsLate(sent.ServiceDeadline!.Value.AddHours(1)).ShouldBeTrue();
    }

    [Fact]
    public async Task A_paid_refund_leaves_the_digest()
    {
        var sent = await SentRefundAsync();
        await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            var settlement = await db.Settlements.SingleAsync(s => s.Id == sent.Id);
            settlement.MarkPaid("VIR-DIGEST", "finance@example.fr", DateTime.UtcNow);
            return await db.SaveChangesAsync();
        });

        (await DigestAtAsync(DateTime.UtcNow)).Refunds.ShouldNotContain(r => r.Reference == sent.Reference);
    }

    [Fact]
    public async Task The_digest_mail_goes_to_finance_and_highlights_refunds_at_risk()
    {
        var sent = await SentRefundAsync();
        var at = sent.ServiceDeadline!.Value.AddHours(1);

        var mail = await factory.WithScopeAsync(sp => sp.GetRequiredService<CustomerEmails>().ComposeAsync(new OutboxMessage
        {
            Type = MessageTypes.DailyDigest,
            Payload = MessageJson.Write(new DailyDigestPayload(at)),
            DedupeKey = "digest:test",
        }, CancellationToken.None));

        mail.ShouldNotBeNull();
        mail.To.ShouldContain("finance@example.fr");
        mail.Text.ShouldContain("Remboursements pas encore payés");
        mail.Text.ShouldContain($"[EN DANGER] {sent.Reference}");
        mail.Text.ShouldContain("échéance légale");
        mail.Text.ShouldContain("http://localhost:5080/staff/refunds");
        mail.Html.ShouldContain($"<strong>{sent.Reference}");
    }
}
