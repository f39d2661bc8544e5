using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Staff.Orders;

public sealed class AssistedResolutionRulesTests_Sqlite(SqlitePortalFactory factory) : AssistedResolutionRulesTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class AssistedResolutionRulesTests_Postgres(PostgresPortalFactory factory) : AssistedResolutionRulesTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>
/// The assisted-return form states what each reason allows under the current version (ADR 0085) and the server still
/// refuses the rest; a reason flagged defect later allows a refund at once (ADR 0085, amended). One test: it publishes
/// a version and changes a reason, which the class's shared database keeps.
/// </summary>
public abstract class AssistedResolutionRulesTests(PortalFactory factory)
{
    private const string Agent = "agent@example.fr";

    private Task<T> ReadAsync<T>(Func<ReturnsDbContext, Task<T>> read) =>
        factory.WithScopeAsync(sp => read(sp.GetRequiredService<ReturnsDbContext>()));

    /// <summary>Publishes the next version with "changed my mind" narrowed to store credit and exchange; returns its number.</summary>
    private Task<int> PublishWithoutRefundForAsync(int reasonId) => factory.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<ReturnsDbContext>();
        var current = await db.Policies.WithTerms().SingleAsync(p => p.IsDefault);
        var proposed = current.CopyTerms();
        proposed.ReasonResolutions.RemoveAll(r => r.ReasonId == reasonId);
        proposed.ReasonResolutions.Add(new PolicyReasonResolution { ReasonId = reasonId, AllowRefund = false });
        var next = PolicyVersions.Publish(current, proposed, "manager@example.fr", "test", sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, null, await db.Reasons.ToListAsync());
        db.Policies.Add(next);
        await db.SaveChangesAsync();
        return next.VersionNumber;
    });

    /// <summary>One item of the first returnable line with a reason, in store.</summary>
    private static Dictionary<string, string> OneItem(IHtmlDocument page, int reasonId, string resolution)
    {
        var index = page.QuerySelectorAll("#order-lines tr.order-line").ToList().FindIndex(r => r.QuerySelector(".text-success-emphasis") is not null);
        return new Dictionary<string, string>
        {
            [$"Form.Lines[{index}].Quantity"] = "1",
            [$"Form.Lines[{index}].ReasonId"] = reasonId.ToString(CultureInfo.InvariantCulture),
            ["Form.Channel"] = "Phone",
            ["Form.Language"] = "fr",
            ["Form.Resolution"] = resolution,
            ["Form.Method"] = "InStore",
        };
    }

    private static string AllowedOnOption(IHtmlDocument page, int reasonId) =>
        page.QuerySelector($"select[name='Form.Lines[0].ReasonId'] option[value='{reasonId}']")!.GetAttribute("data-resolutions")!;

    [Fact]
    public async Task The_form_states_each_reasons_resolutions_refuses_a_forged_one_and_follows_a_reason_flagged_defect_later()
    {
        var changedMind = await ReadAsync(db => db.Reasons.Where(r => r.Code == "changed_mind").Select(r => r.Id).SingleAsync());
        var tooSmall = await ReadAsync(db => db.Reasons.Where(r => r.Code == "too_small").Select(r => r.Id).SingleAsync());
        var client = await factory.SignedInAsync(Agent);
        (await client.GetDocumentAsync("/staff/orders/DEMO-1001")).QuerySelector("#resolution-rules").ShouldBeNull("no reason narrows the seeded policy");
        var version = await PublishWithoutRefundForAsync(changedMind);

        var page = await client.GetDocumentAsync("/staff/orders/DEMO-1001");

        // Without JavaScript: the note under the resolution field, tied to it for screen readers.
        var note = page.QuerySelector("#resolution-rules")!;
        note.Text().ShouldStartWith($"Selon la version {version} de la politique, certains motifs ne permettent que :");
        note.QuerySelectorAll("li").Select(li => li.Text()).ShouldBe(["Ne me plaît plus : avoir"]);
        page.QuerySelector("#Form_Resolution")!.GetAttribute("aria-describedby").ShouldBe("resolution-rules");
        // For the script that greys out the excluded options (wwwroot/js/assist-resolutions.js).
        AllowedOnOption(page, changedMind).ShouldBe("StoreCredit");
        AllowedOnOption(page, tooSmall).ShouldBe("Refund StoreCredit");
        page.QuerySelector("script[src^='/js/assist-resolutions.js']").ShouldNotBeNull();

        // A forged (or script-less) post asking for a refund anyway is refused next to the field, and nothing is made.
        var before = await ReadAsync(db => db.Returns.CountAsync(r => r.Order!.Number == "DEMO-1001"));
        using var forged = await client.SubmitAsync(page, "#assist-form", OneItem(page, changedMind, "Refund"));
        forged.StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await forged.ReadDocumentAsync();
        refused.QuerySelector("#Form_Resolution")!.ParentElement!.QuerySelector(".text-danger").Text().ShouldBe("Cette solution n'est pas proposée.");
        refused.QuerySelector("#error-summary").Text().ShouldContain("Cette solution n'est pas proposée.");
        (await ReadAsync(db => db.Returns.CountAsync(r => r.Order!.Number == "DEMO-1001"))).ShouldBe(before);

        // A manager later flags the reason as a defect without publishing again: the refund is the law's (ADR 0085, amended).
        var manager = await factory.SignedInAsync("manager@example.fr");
        var edit = await manager.GetDocumentAsync($"/manage/reasons/edit/{changedMind}");
        using (var flagged = await manager.SubmitAsync(edit, "#edit-reason", new Dictionary<string, string> { ["Form.IsDefect"] = "true" }))
        {
            flagged.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        (await ReadAsync(db => db.Policies.Where(p => p.IsDefault).Select(p => p.VersionNumber).SingleAsync())).ShouldBe(version);

        page = await client.GetDocumentAsync("/staff/orders/DEMO-1001");
        page.QuerySelector("#resolution-rules").ShouldBeNull();
        AllowedOnOption(page, changedMind).ShouldBe("Refund StoreCredit");
        using var created = await client.SubmitAsync(page, "#assist-form", OneItem(page, changedMind, "Refund"));
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var made = await ReadAsync(db => db.Returns.Where(r => r.Order!.Number == "DEMO-1001" && r.Assistance.By == Agent)
            .Select(r => new { r.Resolution, r.Policy!.VersionNumber }).SingleAsync());
        made.Resolution.ShouldBe(Resolution.Refund);
        made.VersionNumber.ShouldBe(version);
    }
}
