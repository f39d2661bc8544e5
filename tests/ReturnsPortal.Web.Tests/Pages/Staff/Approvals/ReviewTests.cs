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

    private Task<(string Rma, string? Tracking, string Order)> SeededAsync(ReturnStatus status, int skip) =>
        factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            var r = await db.Returns.Where(x => x.Status == status).OrderBy(x => x.Id).Skip(skip)
                .Select(x => new { x.Rma, x.CarrierTrackingNumber, x.Order!.Number }).FirstAsync();
            return (r.Rma, r.CarrierTrackingNumber, r.Number);
        });

    private Task<T> ReadAsync<T>(Func<ReturnsDbContext, Task<T>> read) =>
        factory.WithScopeAsync(sp => read(sp.GetRequiredService<ReturnsDbContext>()));

    /// <summary>The selected option of every select of the decision form, as a browser sends them (HtmlForms posts inputs only).</summary>
    private static Dictionary<string, string> Selected(IHtmlDocument page) =>
        page.QuerySelectorAll<IHtmlSelectElement>("#decide-form select").ToDictionary(s => s.Name!, s => s.Value!);

    /// <summary>Posts the receipt form: the first line received in full, every other line missing.</summary>
    private static async Task ReceiveFirstLineOnlyAsync(HttpClient client, string rma)
    {
        var page = await client.GetDocumentAsync($"/staff/returns/{rma}");
        var values = new Dictionary<string, string>();
        var count = page.QuerySelectorAll("#receive-form fieldset").Length;
        for (var i = 1; i < count; i++)
        {
            values[$"Form.Lines[{i}].Outcome"] = "Missing";
            values[$"Form.Lines[{i}].Quantity"] = "0";
        }
        using var response = await client.SubmitAsync(page, "#receive-form", values);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, page.QuerySelector("#receive-form")!.GetAttribute("action") + (await response.Content.ReadAsStringAsync())[..Math.Min(300, (int)(response.Content.Headers.ContentLength ?? 0))]);
        response.Headers.Location!.OriginalString.ShouldBe($"/staff/returns/{rma}/inspect");
    }

    private Task<int> SetThresholdAsync(string rma, long minor) =>
        factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            var policyId = await db.Returns.Where(r => r.Rma == rma).Select(r => r.PolicyId).SingleAsync();
            var policy = await db.Policies.SingleAsync(p => p.Id == policyId);
            // Only this test decides above the threshold; the other tests in the class use returns it does not touch.
            policy.FourEyesThreshold = Money.Eur(minor);
            return await db.SaveChangesAsync();
        });

    private static readonly byte[] Png =
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89,
    ];

    /// <summary>
    /// A seeded received return whose customer sent a photo of its first line, inspected (grade B, a note, one
    /// inspection photo) and proposed to a manager with a deduction above the inspector's limit.
    /// </summary>
    private Task<(string Rma, int CustomerPhoto)> AwaitingWithEvidenceAsync() =>
        factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            var files = sp.GetRequiredService<IFileStore>();
            var rma = await db.Returns.Where(r => r.Status == ReturnStatus.Received && r.Lines.All(l => l.QuantityReceived > 0))
                .OrderBy(r => r.Id).Select(r => r.Rma).FirstAsync();
            var request = await db.Returns.ForWarehouse().Include(r => r.Lines).ThenInclude(l => l.Photos).SingleAsync(r => r.Rma == rma);
            using (var content = new MemoryStream(Png))
            {
                var key = await files.SaveAsync("returns", "png", content, default);
                request.Lines[0].Photos.Add(new ReturnLinePhoto(key, "image/png", "semelle.png", Png.Length));
            }
            var now = DateTime.UtcNow;
            var passed = request.Policy!.EnabledChecklist().Select(c => c.Code).ToList();
            foreach (var line in request.Lines)
            {
                using var content = new MemoryStream(Png);
                var key = await files.SaveAsync("inspections", "png", content, default);
                request.InspectLine(new LineInspection(line.Id, ItemGrade.B, passed, SerialCheck.NotApplicable, "Semelle décollée au talon"),
                    line == request.Lines[^1] ? [new InspectionPhoto(key, "image/png", "talon.png", Png.Length)] : [], Inspector, now);
            }
            request.ProposeToManager(
                [.. request.Lines.Select(l => new LineDecisionInput(l.Id, LineVerdict.AcceptWithDeduction, Disposition.OpenBox, l == request.Lines[0] ? 2_001 : null))],
                "Au-delà de mon plafond", Inspector, now, new DecisionRules(Money.Eur(2_000), false));
            await db.SaveChangesAsync();
            var photo = await db.Set<ReturnLinePhoto>().Where(p => p.FileName == "semelle.png" && p.ReturnLineId == request.Lines[0].Id).Select(p => p.Id).SingleAsync();
            return (rma, photo);
        });

    [Fact]
    public async Task Above_the_threshold_a_second_manager_approves_and_the_decider_cannot()
    {
        var (rma, _, _) = await SeededAsync(ReturnStatus.InTransit, 3);
        await SetThresholdAsync(rma, 0);
        var manager = await factory.SignedInAsync(Manager);
        await ReceiveFirstLineOnlyAsync(manager, rma);
        var inspect = await manager.GetDocumentAsync($"/staff/returns/{rma}/inspect");
        using (await manager.SubmitAsync(inspect, "#inspect-form", new Dictionary<string, string> { ["Form.Grade"] = "A", ["Form.Serial"] = "Matches", ["Form.Required[tags_attached]"] = "true" }))
        {
        }
        var decide = await manager.GetDocumentAsync($"/staff/returns/{rma}/decide");
        decide.QuerySelector("#four-eyes-banner").ShouldNotBeNull();
        using (await manager.SubmitAsync(decide, "#decide-form", Selected(decide)))
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
        (await ReadAsync(db => db.Returns.Where(r => r.Rma == rma).Select(r => r.Status).SingleAsync())).ShouldBe(ReturnStatus.AwaitingApproval);

        var admin = await factory.SignedInAsync(Admin);
        using (var approved = await admin.SubmitAsync(await admin.GetDocumentAsync($"/staff/approvals/{rma}"), "#approve-form", new Dictionary<string, string>()))
        {
            approved.Headers.Location!.OriginalString.ShouldBe($"/staff/returns/{rma}");
        }
        (await admin.GetDocumentAsync($"/staff/returns/{rma}")).QuerySelector("#return-status").Text().ShouldBe("Réglé");
        (await ReadAsync(db => db.Settlements.CountAsync(s => s.IdempotencyKey == $"settle:{rma}"))).ShouldBe(1);
    }

    [Fact]
    public async Task The_approver_sees_the_customers_photos_and_the_inspection_notes()
    {
        var (rma, photo) = await AwaitingWithEvidenceAsync();
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
        (await served.Content.ReadAsByteArrayAsync()).ShouldBe(Png);
        // Never to a visitor: the photo is behind the staff policy.
        using var anonymous = await factory.CreateBrowserLikeClient().GetAsync(new Uri($"/staff/photos/customer/{photo}", UriKind.Relative));
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // The receive step and the return page show the customer's photos too.
        var detail = await manager.GetDocumentAsync($"/staff/returns/{rma}");
        detail.QuerySelector($"#lines .customer-photos img[src='/staff/photos/customer/{photo}']").ShouldNotBeNull();
    }
}
