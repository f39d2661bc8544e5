using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Manage.Policy;

public sealed class ApprovalThresholdsTests_Sqlite(SqlitePortalFactory factory) : ApprovalThresholdsTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class ApprovalThresholdsTests_Postgres(PostgresPortalFactory factory) : ApprovalThresholdsTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>The four-eyes limits per currency on the policy editor (ADR 0125): validated, published, listed in the history.</summary>
public abstract class ApprovalThresholdsTests(PortalFactory factory)
{
    private Task<int> CurrentVersionAsync() => factory.WithScopeAsync(services =>
        services.GetRequiredService<ReturnsDbContext>().Policies.Where(p => p.IsDefault).Select(p => p.VersionNumber).SingleAsync());

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, IHtmlDocument page, string handler, Dictionary<string, string> values)
    {
        page.QuerySelector("#policy-form")!.SetAttribute("action", $"/manage/policy?handler={handler}");
        return await client.SubmitAsync(page, "#policy-form", values);
    }

    [Fact]
    public async Task A_manager_adds_a_currency_with_its_limits_and_wrong_rows_are_refused_next_to_their_field()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");
        var editor = await manager.GetDocumentAsync("/manage/policy");
        var before = await CurrentVersionAsync();
        editor.QuerySelector("#approval-thresholds input[name='Form.Thresholds[0].Currency']")!.GetAttribute("value").ShouldBe("EUR");
        editor.QuerySelector("#approval-thresholds input[name='Form.Thresholds[1].Currency']")!.GetAttribute("value").ShouldBeNullOrEmpty();

        // Not a currency, not an amount: the format messages, and nothing published.
        using (var wrong = await PostAsync(manager, editor, "Publish", new()
        {
            ["Form.Thresholds[1].Currency"] = "XYZ",
            ["Form.Thresholds[1].FourEyes"] = "beaucoup",
            ["Form.Thresholds[1].WriteOff"] = "100",
        }))
        {
            wrong.StatusCode.ShouldBe(HttpStatusCode.OK);
            var page = await wrong.ReadDocumentAsync();
            page.QuerySelector("[data-valmsg-for='Form.Thresholds[1].Currency']").Text().ShouldBe("Saisissez une devise par son code ISO 4217 à trois lettres, par exemple USD.");
            page.QuerySelector("[data-valmsg-for='Form.Thresholds[1].FourEyes']").Text().ShouldBe("Saisissez un montant, par exemple 300,00.");
        }
        // The euro twice, and a negative limit: the guard rails.
        using (var twice = await PostAsync(manager, editor, "Publish", new()
        {
            ["Form.Thresholds[0].WriteOff"] = "-1",
            ["Form.Thresholds[1].Currency"] = "eur",
            ["Form.Thresholds[1].FourEyes"] = "400",
            ["Form.Thresholds[1].WriteOff"] = "100",
        }))
        {
            var page = await twice.ReadDocumentAsync();
            page.QuerySelector("[data-valmsg-for='Form.Thresholds[1].Currency']").Text().ShouldBe("Cette devise a déjà une ligne.");
            page.QuerySelector("[data-valmsg-for='Form.Thresholds[0].WriteOff']").Text().ShouldBe("Le montant ne peut pas être négatif.");
        }
        (await CurrentVersionAsync()).ShouldBe(before);

        using (var published = await PostAsync(manager, editor, "Publish", new()
        {
            ["Form.Thresholds[1].Currency"] = "usd",
            ["Form.Thresholds[1].FourEyes"] = "350,00",
            ["Form.Thresholds[1].WriteOff"] = "120",
        }))
        {
            published.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        (await CurrentVersionAsync()).ShouldBe(before + 1);
        var limits = await factory.ReadAsync(db => db.Policies.Where(p => p.IsDefault).Select(p => p.ApprovalThresholds.Select(t => new { t.Currency, t.FourEyesMinor, t.WriteOffMinor }).ToList()).SingleAsync());
        limits.OrderBy(t => t.Currency, StringComparer.Ordinal).ShouldBe([new { Currency = "EUR", FourEyesMinor = 30_000L, WriteOffMinor = 15_000L }, new { Currency = "USD", FourEyesMinor = 35_000L, WriteOffMinor = 12_000L }]);
        var after = await manager.GetDocumentAsync("/manage/policy");
        after.QuerySelector($"#policy-version-{before + 1}").Text().ShouldContain("Double validation au-delà de, en USD");
        after.QuerySelector("#approval-thresholds input[name='Form.Thresholds[1].Currency']")!.GetAttribute("value").ShouldBe("USD");
    }
}
