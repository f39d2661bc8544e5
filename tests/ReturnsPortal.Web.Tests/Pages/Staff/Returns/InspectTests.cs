using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Staff.Returns;

public sealed class InspectTests_Sqlite(SqlitePortalFactory factory) : InspectTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class InspectTests_Postgres(PostgresPortalFactory factory) : InspectTests(factory), IClassFixture<PostgresPortalFactory>;

public sealed class InspectTests_PostgresDatabaseFiles(PostgresDatabaseFilesPortalFactory factory)
    : InspectTests(factory), IClassFixture<PostgresDatabaseFilesPortalFactory>;

/// <summary>
/// The inspection page (Pages/Staff/Returns/Inspect): grading received lines, photos, the policy version's checklist.
/// Each test makes the return it needs (<see cref="TestReturns"/>), under the policy version it needs.
/// </summary>
public abstract class InspectTests(PortalFactory factory)
{
    private static readonly byte[] Png =
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89,
    ];

    /// <summary>
    /// A two-line return made for the test at <paramref name="status"/>, under the demo's first policy version: the
    /// checklist test publishes a version whose required items <see cref="Answers"/> does not answer.
    /// </summary>
    private async Task<string> NewReturnAsync(ReturnStatus status)
    {
        var first = await factory.ReadAsync(db => db.Policies.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync());
        return (await TestReturns.ReturnAsync(factory, status, lines: 2, policyId: first)).Rma;
    }

    private Task<List<InspectionPhoto>> PhotosAsync(string rma) => factory.ReadAsync(db => db.ReturnLines
        .Where(l => db.Returns.Any(r => r.Rma == rma && r.Id == l.ReturnRequestId)).SelectMany(l => l.InspectionPhotos).ToListAsync());

    /// <summary>Receives the first line only (the others missing) and opens its inspection page.</summary>
    private static async Task<IHtmlDocument> ReceivedAsync(HttpClient client, string rma)
    {
        var page = await client.GetDocumentAsync($"/staff/returns/{rma}");
        var values = new Dictionary<string, string>();
        for (var i = 1; i < page.QuerySelectorAll("#receive-form fieldset").Length; i++)
        {
            values[$"Form.Lines[{i}].Outcome"] = "Missing";
            values[$"Form.Lines[{i}].Quantity"] = "0";
        }
        using var response = await client.SubmitAsync(page, "#receive-form", values);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return await client.GetDocumentAsync($"/staff/returns/{rma}/inspect");
    }

    private static Dictionary<string, string> Answers() => new()
    {
        ["Form.Grade"] = "C",
        ["Form.Serial"] = "NotApplicable",
        ["Form.Required[tags_attached]"] = "true",
        ["Form.Notes"] = "Rayure sur la face avant",
    };

    private const string Manager = "manager@example.fr";
    private const string Inspector = "inspector@example.fr";

    /// <summary>
    /// Publishes (through the domain) a version with the packaging off and tags and proof of purchase required, and
    /// makes a received one-line return under it.
    /// </summary>
    private async Task<string> ReceivedUnderNewVersionAsync()
    {
        var version = await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            var current = await db.Policies.WithTerms().SingleAsync(p => p.IsDefault);
            var proposed = current.CopyTerms();
            proposed.Checklist.Single(c => c.Code == "original_packaging").SetState(isEnabled: false, isRequired: false);
            proposed.Checklist.Single(c => c.Code == "tags_attached").SetState(isEnabled: true, isRequired: true);
            proposed.Checklist.Single(c => c.Code == "proof_of_purchase").SetState(isEnabled: true, isRequired: true);
            // A switched-off extra item: this version always differs from the current one, whichever test ran first.
            proposed.AddChecklistItem($"trial_{Guid.NewGuid():N}"[..30], "Essai", "Trial", isEnabled: false);
            db.Policies.Add(PolicyVersions.Publish(current, proposed, Manager, null, DateTime.UtcNow, null));
            await db.SaveChangesAsync();
            return proposed.Id;
        });
        return (await TestReturns.ReturnAsync(factory, ReturnStatus.Received, policyId: version)).Rma;
    }

    [Fact]
    public async Task A_photo_of_a_damaged_line_is_kept_shown_on_both_pages_noted_in_the_audit_trail_and_served_to_staff_only()
    {
        var client = await factory.SignedInAsync("inspector@example.fr");
        var rma = await NewReturnAsync(ReturnStatus.InTransit);
        var inspect = await ReceivedAsync(client, rma);

        using var saved = await client.SubmitMultipartAsync(inspect, "#inspect-form", Answers(),
            [new UploadFile("InspectionPhotos", "rayure.png", Png, "application/octet-stream")]);

        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var photo = (await PhotosAsync(rma)).ShouldHaveSingleItem();
        photo.ContentType.ShouldBe("image/png", "recognised from the bytes, not the browser's type");
        var url = $"/staff/photos/inspection/{photo.Id}";
        var detail = await client.GetDocumentAsync($"/staff/returns/{rma}");
        detail.QuerySelector($".inspection-photos img[src='{url}']").ShouldNotBeNull();
        detail.QuerySelector($".inspection-photos img[src='{url}']")!.GetAttribute("alt").ShouldBe("Photo d'inspection 1");
        var note = await factory.ReadAsync(db => db.ReturnHistory
            .Where(h => h.To == ReturnStatus.Inspected && db.Returns.Any(r => r.Rma == rma && r.Id == h.ReturnRequestId))
            .Select(h => h.Note).SingleAsync());
        note.ShouldBe("Inspection photos: 1");

        using var served = await client.GetAsync(new Uri(url, UriKind.Relative));
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
        served.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await served.Content.ReadAsByteArrayAsync()).ShouldBe(Png);
        using var anonymous = await factory.CreateBrowserLikeClient().GetAsync(new Uri(url, UriKind.Relative));
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        anonymous.Headers.Location!.AbsolutePath.ShouldBe("/account/login");
        var customer = factory.CreateBrowserLikeClient();
        var find = await customer.GetDocumentAsync("/returns");
        using (var opened = await customer.SubmitAsync(find, "main form", new Dictionary<string, string>
        {
            ["Form.OrderNumber"] = "DEMO-1001",
            ["Form.Email"] = "client@example.fr",
        }))
        {
            opened.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        using var asCustomer = await customer.GetAsync(new Uri(url, UriKind.Relative));
        asCustomer.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        asCustomer.Headers.Location!.AbsolutePath.ShouldBe("/account/login");
    }

    [Fact]
    public async Task The_inspection_page_shows_the_line_thumbnails_while_the_return_is_inspected()
    {
        var client = await factory.SignedInAsync("inspector@example.fr");
        var rma = await NewReturnAsync(ReturnStatus.InTransit);
        var inspect = await ReceivedAsync(client, rma);
        var lineId = inspect.QuerySelector<IHtmlInputElement>("input[name='Form.LineId']")!.Value;
        // Another line stays to inspect only if there are several: re-opening the same line is enough to see its photos.
        await factory.ReadAsync(async db =>
        {
            var request = await db.Returns.ForWarehouse().SingleAsync(r => r.Rma == rma);
            var line = request.Lines.Single(l => l.Id == int.Parse(lineId, System.Globalization.CultureInfo.InvariantCulture));
            line.InspectionPhotos.Add(new InspectionPhoto("inspections/none.png", "image/png", "a.png", 10));
            return await db.SaveChangesAsync();
        });

        var page = await client.GetDocumentAsync($"/staff/returns/{rma}/inspect?line={lineId}");

        page.QuerySelectorAll("#inspection-photos .inspection-photos img").Length.ShouldBe(1);
    }

    [Fact]
    public async Task A_text_file_named_like_a_photo_is_refused_with_a_message_nothing_is_saved_and_the_answers_stay()
    {
        var client = await factory.SignedInAsync("inspector@example.fr");
        var rma = await NewReturnAsync(ReturnStatus.InTransit);
        var inspect = await ReceivedAsync(client, rma);

        using var refused = await client.SubmitMultipartAsync(inspect, "#inspect-form", Answers(),
            [new UploadFile("InspectionPhotos", "photo.jpg", "pas une image, juste du texte"u8.ToArray(), "image/jpeg")]);

        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await refused.ReadDocumentAsync();
        page.QuerySelector("#inspection-photos")!.Text().ShouldContain("Seules les photos JPEG, PNG ou WebP sont acceptées.");
        page.QuerySelector("#error-summary")!.Text().ShouldContain("Seules les photos JPEG, PNG ou WebP sont acceptées.");
        page.QuerySelector<IHtmlInputElement>("#grade-C")!.IsChecked.ShouldBeTrue("the grade chosen is not lost");
        page.QuerySelector<IHtmlInputElement>("#serial-NotApplicable")!.IsChecked.ShouldBeTrue();
        page.QuerySelector<IHtmlTextAreaElement>("#Form_Notes")!.Value.ShouldBe("Rayure sur la face avant");
        (await PhotosAsync(rma)).ShouldBeEmpty();
        (await factory.ReadAsync(db => db.ReturnLines.Where(l => db.Returns.Any(r => r.Rma == rma && r.Id == l.ReturnRequestId))
            .AllAsync(l => l.Grade == null))).ShouldBeTrue("nothing of the inspection is saved");
    }

    [Fact]
    public async Task More_than_five_photos_on_a_line_are_refused()
    {
        var client = await factory.SignedInAsync("manager@example.fr");
        var rma = await NewReturnAsync(ReturnStatus.InTransit);
        var inspect = await ReceivedAsync(client, rma);

        using var refused = await client.SubmitMultipartAsync(inspect, "#inspect-form", Answers(),
            Enumerable.Range(1, InspectionPhoto.MaxPerLine + 1).Select(i => new UploadFile("InspectionPhotos", $"p{i}.png", Png, "image/png")));

        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.ReadDocumentAsync()).QuerySelector("#inspection-photos")!.Text().ShouldContain("5 photos au maximum par ligne.");
        (await PhotosAsync(rma)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_line_not_received_cannot_be_graded()
    {
        var client = await factory.SignedInAsync(Inspector);
        var rma = await NewReturnAsync(ReturnStatus.Approved);
        var received = await client.GetDocumentAsync($"/staff/returns/{rma}");
        var inspectBefore = await client.GetDocumentAsync($"/staff/returns/{rma}/inspect");
        inspectBefore.QuerySelector("#not-inspectable").ShouldNotBeNull();
        inspectBefore.QuerySelector("#inspect-form").ShouldBeNull();

        await StaffSteps.ReceiveFirstLineOnlyAsync(client, rma);
        var missingLine = await factory.ReadAsync(db => db.ReturnLines.Where(l => l.QuantityReceived == 0 && db.Returns.Any(r => r.Rma == rma && r.Id == l.ReturnRequestId))
            .Select(l => (int?)l.Id).FirstOrDefaultAsync());
        if (missingLine is null)
        {
            return; // a one-line return: nothing was marked missing
        }
        var inspect = await client.GetDocumentAsync($"/staff/returns/{rma}/inspect");
        using var refused = await client.SubmitAsync(inspect, "#inspect-form", new Dictionary<string, string>
        {
            ["Form.LineId"] = missingLine.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.Grade"] = "A",
            ["Form.Serial"] = "Matches",
            ["Form.Required[tags_attached]"] = "true",
        });
        (await refused.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("ne peut pas être notée");
        (await factory.ReadAsync(db => db.ReturnLines.Where(l => l.Id == missingLine).Select(l => l.Grade).SingleAsync())).ShouldBeNull();
    }

    [Fact]
    public async Task Inspection_hides_a_disabled_item_asks_required_ones_yes_or_no_and_a_no_warns_the_decider()
    {
        var rma = await ReceivedUnderNewVersionAsync();
        var inspector = await factory.SignedInAsync(Inspector);
        var inspect = await inspector.GetDocumentAsync($"/staff/returns/{rma}/inspect");
        inspect.QuerySelector("#check-original_packaging").ShouldBeNull("a switched-off item is not checked");
        inspect.QuerySelector("#check-accessories_complete").ShouldNotBeNull("an optional item stays a switch");
        foreach (var code in new[] { "tags_attached", "proof_of_purchase" })
        {
            var yes = inspect.QuerySelector<IHtmlInputElement>($"#required-{code}-yes").ShouldNotBeNull();
            var no = inspect.QuerySelector<IHtmlInputElement>($"#required-{code}-no").ShouldNotBeNull();
            (yes.Type, no.Type, yes.IsChecked, no.IsChecked).ShouldBe(("radio", "radio", false, false), "no default answer");
            inspect.QuerySelector($"label[for='required-{code}-yes']").ShouldNotBeNull();
        }
        Task<bool> GradedAsync() => factory.ReadAsync(db => db.ReturnLines.AnyAsync(l => l.Grade != null && db.Returns.Any(r => r.Rma == rma && r.Id == l.ReturnRequestId)));

        // Proof of purchase left unanswered: refused with a message naming it; the other answers stay on screen.
        using (var unanswered = await inspector.SubmitAsync(inspect, "#inspect-form", new Dictionary<string, string>
        {
            ["Form.Grade"] = "B",
            ["Form.Serial"] = "NotApplicable",
            ["Form.Required[tags_attached]"] = "false",
            ["Form.Notes"] = "Étiquette coupée",
        }))
        {
            unanswered.StatusCode.ShouldBe(HttpStatusCode.OK);
            var page = await unanswered.ReadDocumentAsync();
            page.QuerySelector("#required-proof_of_purchase-error").Text().ShouldBe("Répondez oui ou non pour la condition obligatoire « Preuve d'achat ».");
            page.QuerySelector("#error-summary").Text().ShouldContain("Preuve d'achat");
            page.QuerySelector<IHtmlInputElement>("#grade-B")!.IsChecked.ShouldBeTrue();
            page.QuerySelector<IHtmlInputElement>("#required-tags_attached-no")!.IsChecked.ShouldBeTrue();
            page.QuerySelector<IHtmlTextAreaElement>("#Form_Notes")!.Value.ShouldBe("Étiquette coupée");
        }
        (await GradedAsync()).ShouldBeFalse("nothing was saved");

        // A switched-off item posted anyway (a stale or forged form) is refused.
        using (var disabled = await inspector.SubmitAsync(inspect, "#inspect-form", new Dictionary<string, string>
        {
            ["Form.Grade"] = "B",
            ["Form.Serial"] = "NotApplicable",
            ["Form.Checklist"] = "original_packaging",
            ["Form.Required[tags_attached]"] = "false",
            ["Form.Required[proof_of_purchase]"] = "true",
        }))
        {
            disabled.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await disabled.ReadDocumentAsync()).QuerySelector("#error-summary").Text()
                .ShouldContain("Ce point de contrôle est désactivé dans la version de politique de ce retour.");
        }
        (await GradedAsync()).ShouldBeFalse("nothing was saved");

        // "No" for the tags is recorded: the inspector records reality, the decider is warned.
        using (var saved = await inspector.SubmitAsync(inspect, "#inspect-form", new Dictionary<string, string>
        {
            ["Form.Grade"] = "B",
            ["Form.Serial"] = "NotApplicable",
            ["Form.Required[tags_attached]"] = "false",
            ["Form.Required[proof_of_purchase]"] = "true",
        }))
        {
            saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            saved.Headers.Location!.OriginalString.ShouldBe($"/staff/returns/{rma}/decide");
        }
        (await factory.ReadAsync(db => db.ReturnLines.Where(l => l.Grade != null && db.Returns.Any(r => r.Rma == rma && r.Id == l.ReturnRequestId))
            .Select(l => l.ChecklistPassed).SingleAsync())).ShouldBe("proof_of_purchase");

        var detail = await inspector.GetDocumentAsync($"/staff/returns/{rma}");
        var warning = detail.QuerySelector(".checklist-warning").ShouldNotBeNull();
        warning.Text().ShouldContain("Condition obligatoire non remplie : Étiquettes attachées");
        warning.Text().ShouldContain("L221-23");
        warning.Text().ShouldNotContain("Preuve d'achat");
        var decide = await (await factory.SignedInAsync(Manager)).GetDocumentAsync($"/staff/returns/{rma}/decide");
        decide.QuerySelector("#decide-form .checklist-warning").Text().ShouldContain("Condition obligatoire non remplie : Étiquettes attachées");
    }
}
