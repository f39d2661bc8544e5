using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Files;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Staff;

public sealed class ReturnEvidenceTests_Sqlite(SqlitePortalFactory factory) : ReturnEvidenceTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class ReturnEvidenceTests_Postgres(PostgresPortalFactory factory) : ReturnEvidenceTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>
/// What the warehouse pages show of a return's evidence (issue 15): the approver sees the customer's photos and the
/// inspection notes, and the history speaks the interface's language.
/// </summary>
public abstract class ReturnEvidenceTests(PortalFactory factory)
{
    private const string Inspector = "inspector@example.fr";

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

    [Fact]
    public async Task The_history_names_the_customer_and_the_system_and_counts_photos_in_french()
    {
        var (rma, _) = await AwaitingWithEvidenceAsync();
        var inspector = await factory.SignedInAsync(Inspector);

        var page = await inspector.GetDocumentAsync($"/staff/returns/{rma}");
        var actors = page.QuerySelectorAll("#history li strong").Select(a => a.Text()).ToList();
        actors.ShouldContain("Client");
        actors.ShouldContain("Système", "the seeded parcel went in transit by a carrier event");
        actors.ShouldNotContain("customer");
        actors.ShouldNotContain("system");
        var history = page.QuerySelector("#history").Text();
        history.ShouldContain("Photos d'inspection : 1");
        history.ShouldNotContain("Inspection photos");
    }
}
