using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Analytics;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Manage.Analytics;

public sealed class AlertsTests_Sqlite(SqlitePortalFactory factory) : AlertsTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class AlertsTests_Postgres(PostgresPortalFactory factory) : AlertsTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>
/// /manage/analytics/alerts on the seeded demo shop (ADR 0045). The background job is off in tests: each test presses
/// "detect now" (idempotent), so the order of the tests does not matter. Tests that acknowledge pick different alerts.
/// </summary>
public abstract class AlertsTests(PortalFactory factory)
{
    private const string Jeans = "Jean droit brut";
    private const string Boots = "Bottines Chelsea en daim";

    private static async Task<AngleSharp.Html.Dom.IHtmlDocument> DetectedAsync(HttpClient client, string culture = "")
    {
        var page = await client.GetDocumentAsync("/manage/analytics/alerts" + culture);
        using var detected = await client.SubmitAsync(page, "#detect-form", new Dictionary<string, string>());
        detected.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return await client.GetDocumentAsync(detected.Headers.Location!.OriginalString + culture.Replace('?', '&'));
    }

    /// <summary>The alert cards and acknowledged rows of one product and kind (open or not).</summary>
    private static AngleSharp.Dom.IElement? Alert(AngleSharp.Html.Dom.IHtmlDocument page, string name, AnalyticsAlertKind kind, bool open) =>
        (open ? page.QuerySelectorAll("#open-alerts article") : page.QuerySelectorAll("#acknowledged-table tbody tr"))
            .FirstOrDefault(e => e.GetAttribute("data-kind") == kind.ToString() && e.Text().Contains(name, StringComparison.Ordinal));

    private static AngleSharp.Dom.IElement? Anywhere(AngleSharp.Html.Dom.IHtmlDocument page, string name, AnalyticsAlertKind kind) =>
        Alert(page, name, kind, open: true) ?? Alert(page, name, kind, open: false);

    [Fact]
    public async Task Detection_raises_the_planted_problem_products_with_their_reason_in_plain_words_and_a_drill_down()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");

        var page = await DetectedAsync(manager);

        page.QuerySelector("h1").Text().ShouldBe("Alertes produits à problème");
        page.QuerySelector("#alerts-done").ShouldNotBeNull();
        foreach (var name in new[] { Jeans, Boots })
        {
            Anywhere(page, name, AnalyticsAlertKind.HighReturnRate).ShouldNotBeNull(name);
            Anywhere(page, name, AnalyticsAlertKind.ReasonConcentration).ShouldNotBeNull(name);
        }
        // No other product of the demo shop is a problem (the same rule as the dashboard's).
        page.QuerySelectorAll("[data-kind='HighReturnRate']").Select(e => e.GetAttribute("data-product")).Distinct().Count().ShouldBe(2);
        var concentration = page.QuerySelectorAll("#concentrations-table tbody tr").First(r => r.Text().Contains(Jeans, StringComparison.Ordinal));
        Normalise(concentration.Text()).ShouldMatch(@"\d+ % des retours : taille trop petite");
        concentration.QuerySelectorAll("td")[^1].Text().ShouldBe("Oui");
        page.QuerySelectorAll("#concentrations-table tbody tr td:last-child").Select(c => c.Text()).ShouldContain("Non");

        // A second detection opens nothing new.
        var again = await DetectedAsync(manager);
        again.QuerySelectorAll("#open-alerts article").Length.ShouldBe(page.QuerySelectorAll("#open-alerts article").Length);

        var drill = page.QuerySelectorAll("a.drill-down, #acknowledged-table a")[0].GetAttribute("href")!;
        var returns = await manager.GetDocumentAsync(drill);
        returns.QuerySelectorAll("#product-returns tbody tr").Length.ShouldBeGreaterThan(5);
    }

    [Fact]
    public async Task In_english_the_concentration_reads_share_of_returns_and_reason()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");

        var page = await DetectedAsync(manager, "?culture=en-GB&ui-culture=en-GB");

        page.QuerySelector("h1").Text().ShouldBe("Problem-product alerts");
        var row = page.QuerySelectorAll("#concentrations-table tbody tr").First(r => r.Text().Contains(Boots, StringComparison.Ordinal));
        Normalise(row.Text()).ShouldMatch(@"\d+% of returns: too small");
    }

    [Fact]
    public async Task Of_two_managers_acknowledging_the_same_alert_one_succeeds_and_the_other_is_told()
    {
        var first = await factory.SignedInAsync("manager@example.fr");
        var second = await factory.SignedInAsync("admin@example.fr");
        var page = await DetectedAsync(first);
        var card = Alert(page, Boots, AnalyticsAlertKind.ReasonConcentration, open: true).ShouldNotBeNull();
        var formId = "#" + card.QuerySelector("form.acknowledge-form")!.Id;
        var noteName = card.QuerySelector("textarea")!.GetAttribute("name")!;
        var stale = await second.GetDocumentAsync("/manage/analytics/alerts");

        using var done = await first.SubmitAsync(page, formId, new Dictionary<string, string> { [noteName] = "Guide des tailles corrigé ; fournisseur prévenu" });
        using var late = await second.SubmitAsync(stale, formId, new Dictionary<string, string> { [noteName] = "Moi aussi" });

        done.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        late.StatusCode.ShouldBe(HttpStatusCode.OK);
        var conflict = await late.ReadDocumentAsync();
        conflict.QuerySelector("#error-summary").Text().ShouldContain("Un collègue a pris en compte cette alerte");
        var after = await first.GetDocumentAsync(done.Headers.Location!.OriginalString);
        after.QuerySelector("#alerts-done").Text().ShouldBe("Alerte prise en compte.");
        Alert(after, Boots, AnalyticsAlertKind.ReasonConcentration, open: true).ShouldBeNull();
        var row = Alert(after, Boots, AnalyticsAlertKind.ReasonConcentration, open: false).ShouldNotBeNull();
        row.QuerySelector(".acknowledged-note").Text().ShouldBe("Guide des tailles corrigé ; fournisseur prévenu");
        row.Text().ShouldContain("manager@example.fr");

        // Detecting again with the same figures leaves it acknowledged.
        var again = await DetectedAsync(first);
        Alert(again, Boots, AnalyticsAlertKind.ReasonConcentration, open: false).ShouldNotBeNull();
        var stored = await factory.WithScopeAsync(async sp => await sp.GetRequiredService<ReturnsDbContext>().AnalyticsAlerts
            .Where(a => a.Product!.Name == Boots && a.Kind == AnalyticsAlertKind.ReasonConcentration).Select(a => a.AcknowledgedBy).ToListAsync());
        stored.ShouldBe(["manager@example.fr"]);
    }

    [Fact]
    public async Task A_note_too_long_gets_a_message_next_to_it_and_changes_nothing()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");
        var page = await DetectedAsync(manager);
        var card = Alert(page, Jeans, AnalyticsAlertKind.HighReturnRate, open: true).ShouldNotBeNull();
        var form = card.QuerySelector("form.acknowledge-form")!;

        using var response = await manager.SubmitAsync(page, "#" + form.Id, new Dictionary<string, string> { ["Form.Note"] = new string('x', AnalyticsAlert.NoteLength + 1) });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var shown = await response.ReadDocumentAsync();
        var still = Alert(shown, Jeans, AnalyticsAlertKind.HighReturnRate, open: true).ShouldNotBeNull();
        still.QuerySelector(".invalid-feedback").Text().ShouldBe($"La note ne peut dépasser {AnalyticsAlert.NoteLength} caractères.");
        shown.QuerySelector("#error-summary").ShouldNotBeNull();
    }

    [Fact]
    public async Task Agents_inspectors_and_visitors_are_refused()
    {
        var anonymous = factory.CreateBrowserLikeClient();
        using var visitor = await anonymous.GetAsync(new Uri("/manage/analytics/alerts", UriKind.Relative));
        visitor.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        visitor.Headers.Location!.AbsolutePath.ShouldBe("/account/login");
        foreach (var email in new[] { "agent@example.fr", "inspector@example.fr" })
        {
            var client = await factory.SignedInAsync(email);
            using var get = await client.GetAsync(new Uri("/manage/analytics/alerts", UriKind.Relative));
            get.Headers.Location!.AbsolutePath.ShouldBe("/account/access-denied", email);
            using var post = await client.PostAsync(new Uri("/manage/analytics/alerts?handler=Detect", UriKind.Relative), new FormUrlEncodedContent([]));
            post.Headers.Location!.AbsolutePath.ShouldBe("/account/access-denied", email);
        }
    }

    [Fact]
    public async Task The_dashboard_and_the_staff_navigation_link_to_the_alerts()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");
        var dashboard = await manager.GetDocumentAsync("/manage/analytics");
        dashboard.QuerySelector("#alerts-link")!.GetAttribute("href").ShouldBe("/manage/analytics/alerts");
        dashboard.QuerySelector("#staff-nav-alerts")!.Text().ShouldBe("Alertes produits à problème");
    }

    [Fact]
    public async Task The_daily_job_detects_at_start_up()
    {
        using var worker = new ReturnsPortal.Web.Hosting.AnalyticsAlertsWorker(
            factory.Services.GetRequiredService<IServiceScopeFactory>(), new ReturnsPortal.Web.Hosting.AnalyticsAlertsOptions(),
            TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<ReturnsPortal.Web.Hosting.AnalyticsAlertsWorker>.Instance);

        // Tests of a class run one after the other: only this worker's pass can stamp a later last-seen date.
        var before = DateTime.UtcNow.AddMilliseconds(-1);
        await worker.StartAsync(CancellationToken.None);
        var seen = 0;
        for (var i = 0; i < 100 && seen < 4; i++)
        {
            await Task.Delay(100);
            seen = await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().AnalyticsAlerts
                .CountAsync(a => a.LastSeenAt >= before));
        }
        await worker.StopAsync(CancellationToken.None);

        seen.ShouldBe(4); // jeans and boots, each a high rate and a concentration
    }

    /// <summary>Culture-formatted percentages use a (narrow) no-break space in French.</summary>
    internal static string Normalise(string text) => text.Replace('\u202F', ' ').Replace('\u00A0', ' ');
}
