using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Files;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Staff.Approvals;

public sealed class ReviewTests_Sqlite(SqlitePortalFactory factory) : ReviewTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class ReviewTests_Postgres(PostgresPortalFactory factory) : ReviewTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>
/// The approval page (Pages/Staff/Approvals/Review): a second person approves or sends back, and sees the evidence.
/// </summary>
public abstract class ReviewTests(PortalFactory factory)
{
    private const string Inspector = "inspector@example.fr";
    private const string Manager = "manager@example.fr";
    private const string Admin = "admin@example.fr";

    private Task<int> SetThresholdAsync(string rma, long minor) =>
        factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            var policyId = await db.Returns.Where(r => r.Rma == rma).Select(r => r.PolicyId).SingleAsync();
            var policy = await db.Policies.SingleAsync(p => p.Id == policyId);
            // Only this test decides above the threshold; the other tests in the class use returns it does not touch.
            policy.SetApprovalThreshold(Money.Eur(minor));
            return await db.SaveChangesAsync();
        });

    [Fact]
    public async Task Above_the_threshold_a_second_manager_approves_and_the_decider_cannot()
    {
        var (rma, _, _) = await TestReturns.ReturnAsync(factory, ReturnStatus.InTransit, lines: 2);
        await SetThresholdAsync(rma, 0);
        var manager = await factory.SignedInAsync(Manager);
        await StaffSteps.ReceiveFirstLineOnlyAsync(manager, rma);
        var inspect = await manager.GetDocumentAsync($"/staff/returns/{rma}/inspect");
        using (await manager.SubmitAsync(inspect, "#inspect-form", new Dictionary<string, string> { ["Form.Grade"] = "A", ["Form.Serial"] = "Matches", ["Form.Required[tags_attached]"] = "true" }))
        {
        }
        var decide = await manager.GetDocumentAsync($"/staff/returns/{rma}/decide");
        decide.QuerySelector("#four-eyes-banner").ShouldNotBeNull();
        using (await manager.SubmitAsync(decide, "#decide-form", StaffSteps.Selected(decide)))
        {
        }
        (await manager.GetDocumentAsync("/staff/approvals")).QuerySelector($"#approvals [data-rma='{rma}']").ShouldNotBeNull();

        // The inspector may not even see the approvals.
        var inspector = await factory.SignedInAsync(Inspector);
        using (var denied = await inspector.GetAsync(new Uri($"/staff/approvals/{rma}", UriKind.Relative)))
        {
            denied.Headers.Location!.AbsolutePath.ShouldBe("/account/access-denied");
        }

        var review = await manager.GetDocumentAsync($"/staff/approvals/{rma}");
        using (var self = await manager.SubmitAsync(review, "#approve-form", new Dictionary<string, string>()))
        {
            (await self.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("ne peut pas aussi valider");
        }
        using (var noNote = await manager.SubmitAsync(review, "#send-back-form", new Dictionary<string, string> { ["Form.Note"] = " " }))
        {
            (await noNote.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("Indiquez pourquoi");
        }
        (await factory.ReadAsync(db => db.Returns.Where(r => r.Rma == rma).Select(r => r.Status).SingleAsync())).ShouldBe(ReturnStatus.AwaitingApproval);

        var admin = await factory.SignedInAsync(Admin);
        using (var approved = await admin.SubmitAsync(await admin.GetDocumentAsync($"/staff/approvals/{rma}"), "#approve-form", new Dictionary<string, string>()))
        {
            approved.Headers.Location!.OriginalString.ShouldBe($"/staff/returns/{rma}");
        }
        (await admin.GetDocumentAsync($"/staff/returns/{rma}")).QuerySelector("#return-status").Text().ShouldBe("Réglé");
        (await factory.ReadAsync(db => db.Settlements.CountAsync(s => s.IdempotencyKey == $"settle:{rma}"))).ShouldBe(1);
    }

    [Fact]
    public async Task The_approver_sees_the_customers_photos_and_the_inspection_notes()
    {
        var (rma, photo) = await factory.AwaitingWithEvidenceAsync(Inspector);
        var manager = await factory.SignedInAsync("manager@example.fr");

        var review = await manager.GetDocumentAsync($"/staff/approvals/{rma}");
        var evidence = review.QuerySelector("#evidence").ShouldNotBeNull();
        evidence.QuerySelector($".customer-photos img[src='/staff/photos/customer/{photo}']").ShouldNotBeNull();
        evidence.QuerySelectorAll(".inspection-notes").Select(n => n.Text()).ShouldContain("Notes : Semelle décollée au talon");
        evidence.QuerySelectorAll(".inspection-photos img").Length.ShouldBe(1);
        review.QuerySelector("#proposal-note").Text().ShouldContain("Au-delà de mon plafond");

        using var served = await manager.GetAsync(new Uri($"/staff/photos/customer/{photo}", UriKind.Relative));
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
        served.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await served.Content.ReadAsByteArrayAsync()).ShouldBe(StaffSteps.Png);
        // Never to a visitor: the photo is behind the staff policy.
        using var anonymous = await factory.CreateBrowserLikeClient().GetAsync(new Uri($"/staff/photos/customer/{photo}", UriKind.Relative));
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // The receive step and the return page show the customer's photos too.
        var detail = await manager.GetDocumentAsync($"/staff/returns/{rma}");
        detail.QuerySelector($"#lines .customer-photos img[src='/staff/photos/customer/{photo}']").ShouldNotBeNull();
    }
}
