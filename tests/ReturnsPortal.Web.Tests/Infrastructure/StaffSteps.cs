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

namespace ReturnsPortal.Web.Tests.Infrastructure;

/// <summary>
/// Steps the staff page tests share (receive, inspect, decide, approve): reading the database, the receipt form, the
/// decision form's selects, and a return waiting for a manager with its evidence.
/// </summary>
internal static class StaffSteps
{
    /// <summary>A real 2×2 PNG: customer photos are decoded and re-encoded on receipt (ADR 0126), a bare signature is refused.</summary>
    public static readonly byte[] Png =
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x02,
        0x00, 0x00, 0x00, 0x02, 0x08, 0x06, 0x00, 0x00, 0x00, 0x72, 0xB6, 0x0D, 0x24, 0x00, 0x00, 0x00, 0x11, 0x49, 0x44, 0x41,
        0x54, 0x78, 0x9C, 0x63, 0x38, 0x63, 0x6C, 0xFC, 0x1F, 0x84, 0x19, 0x60, 0x0C, 0x00, 0x4D, 0xC4, 0x08, 0xC5, 0x96, 0x0F,
        0x67, 0xC5, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ];

    public static Task<T> ReadAsync<T>(this PortalFactory factory, Func<ReturnsDbContext, Task<T>> read) =>
        factory.WithScopeAsync(sp => read(sp.GetRequiredService<ReturnsDbContext>()));

    public static Task<ReturnStatus> StatusAsync(this PortalFactory factory, string rma) =>
        factory.ReadAsync(db => db.Returns.Where(r => r.Rma == rma).Select(r => r.Status).SingleAsync());

    /// <summary>The selected option of every select of the decision form, as a browser sends them (HtmlForms posts inputs only).</summary>
    public static Dictionary<string, string> Selected(IHtmlDocument page) =>
        page.QuerySelectorAll<IHtmlSelectElement>("#decide-form select").ToDictionary(s => s.Name!, s => s.Value!);

    /// <summary>Posts the receipt form: the first line received in full, every other line missing.</summary>
    public static async Task ReceiveFirstLineOnlyAsync(HttpClient client, string rma)
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

    /// <summary>
    /// A received two-line return made for the test (<see cref="TestReturns"/>) whose customer sent a photo of its first
    /// line, inspected (grade B, a note, one inspection photo) and proposed to a manager with a deduction above the
    /// inspector's limit.
    /// </summary>
    public static async Task<(string Rma, int CustomerPhoto)> AwaitingWithEvidenceAsync(this PortalFactory factory, string inspector)
    {
        var rma = (await TestReturns.ReturnAsync(factory, ReturnStatus.Received, unitPriceMinor: 8_000, lines: 2)).Rma;
        return await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            var files = sp.GetRequiredService<IFileStore>();
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
                    line == request.Lines[^1] ? [new InspectionPhoto(key, "image/png", "talon.png", Png.Length)] : [], inspector, now);
            }
            request.ProposeToManager(
                [.. request.Lines.Select(l => new LineDecisionInput(l.Id, LineVerdict.AcceptWithDeduction, Disposition.OpenBox, l == request.Lines[0] ? 2_001 : null))],
                "Au-delà de mon plafond", inspector, now, new DecisionRules(Money.Eur(2_000), false));
            await db.SaveChangesAsync();
            var photo = await db.Set<ReturnLinePhoto>().Where(p => p.FileName == "semelle.png" && p.ReturnLineId == request.Lines[0].Id).Select(p => p.Id).SingleAsync();
            return (rma, photo);
        });
    }
}
