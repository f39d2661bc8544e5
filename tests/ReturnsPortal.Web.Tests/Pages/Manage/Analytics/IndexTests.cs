using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Analytics;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Seeding;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Manage.Analytics;

public sealed class IndexTests_Sqlite(SqlitePortalFactory factory) : IndexTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class IndexTests_Postgres(PostgresPortalFactory factory) : IndexTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>/manage/analytics on the seeded demo shop: figures, problem products, CSV exports, bad input, empty periods.</summary>
public abstract partial class IndexTests(PortalFactory factory)
{
    private static readonly string[] TableIds = ["kpis", "costs", "dispositions", "reasons", "weekly", "problems", "categories", "status"];

    /// <summary>The demo shop's whole history, up to today included.</summary>
    private static string History()
    {
        var today = AnalyticsPeriod.ParisDay(DateTime.UtcNow);
        return string.Create(CultureInfo.InvariantCulture,
            $"from={today.AddDays(-DemoShopSeeder.HistoryDays):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}");
    }

    [Fact]
    public async Task A_manager_sees_the_figures_and_the_two_planted_problem_products_with_their_reason()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");

        var page = await manager.GetDocumentAsync("/manage/analytics?" + History());

        page.QuerySelector("h1").Text().ShouldBe("Analyses des retours");
        page.QuerySelector("#main-nav a[href='/manage/analytics']").Text().ShouldBe("Analyses");
        page.QuerySelectorAll("#kpi-cards .card").Length.ShouldBeGreaterThanOrEqualTo(6);
        // Settlement deadlines (ADR 0041): a share, in the cards and in the KPI table (so in its CSV).
        page.QuerySelector("#kpi-service-level").ShouldNotBeNull().Text().ShouldContain("%");
        page.QuerySelector("#kpi-legal-deadline").ShouldNotBeNull().Text().ShouldContain("%");
        page.QuerySelectorAll("#kpis-table tbody th").Select(h => h.Text())
            .ShouldContain("Réglés dans le délai légal (14 jours, ou à réception si plus tard)");
        var problems = page.QuerySelectorAll("#problems-table tbody tr").Select(r => r.Text()).ToList();
        problems.Count.ShouldBe(2);
        problems.ShouldContain(r => r.Contains("Jean droit brut", StringComparison.Ordinal));
        problems.ShouldContain(r => r.Contains("Bottines Chelsea en daim", StringComparison.Ordinal));
        problems.ShouldAllBe(r => r.Contains("Taille trop petite", StringComparison.Ordinal));
        page.QuerySelectorAll("#reasons-table tbody tr").Length.ShouldBeGreaterThan(3);
        var json = JsonDocument.Parse(page.QuerySelector("script#analytics-data[type='application/json']").ShouldNotBeNull().TextContent);
        json.RootElement.GetProperty("reasons").GetProperty("units").GetArrayLength()
            .ShouldBe(page.QuerySelectorAll("#reasons-table tbody tr").Length);
        page.QuerySelector("canvas#weekly-chart").ShouldNotBeNull();
        page.QuerySelector("script[src^='/lib/chartjs/chart.umd.min.js']").ShouldNotBeNull();

        // The drill-down lists the product's returns.
        var link = page.QuerySelector("#problems-table tbody tr a")!.GetAttribute("href")!;
        var drill = await manager.GetDocumentAsync(link);
        drill.QuerySelectorAll("#product-returns tbody tr").Length.ShouldBeGreaterThan(10);
    }

    [Fact]
    public async Task Every_csv_export_equals_its_table()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");
        var page = await manager.GetDocumentAsync("/manage/analytics?" + History());

        foreach (var id in TableIds)
        {
            var href = page.QuerySelector($"#{id}-csv")!.GetAttribute("href")!;
            using var response = await manager.GetAsync(new Uri(href, UriKind.Relative));
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
            var bytes = await response.Content.ReadAsByteArrayAsync();
            bytes.Take(3).ShouldBe(Encoding.UTF8.GetPreamble(), $"{id}: BOM");
            var csv = CsvText.Parse(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));

            var table = page.QuerySelector($"#{id}-table").ShouldNotBeNull($"{id}: table");
            var shown = table.QuerySelectorAll("tr").Select(tr => tr.QuerySelectorAll("th, td").Select(c => c.Text()).ToList()).ToList();
            csv.ShouldBe(AsCsv(shown), $"{id}: the CSV differs from the table");
        }
    }

    [Fact]
    public async Task The_category_filter_keeps_its_lines_only()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");

        var page = await manager.GetDocumentAsync("/manage/analytics?category=electronics&" + History());

        page.QuerySelector("#Form_Category option[selected]")!.GetAttribute("value").ShouldBe("electronics");
        page.QuerySelectorAll("#categories-table tbody tr th").Select(c => c.Text()).Distinct().ShouldBe(["Électronique"]);
        page.QuerySelector("#problems-empty").ShouldNotBeNull();
    }

    [Theory]
    [InlineData("from=2026-13-45&to=2026-02-01", "from", "Saisissez une date au format AAAA-MM-JJ.")]
    [InlineData("from=2026-03-01&to=2026-02-01", "to", "La date de fin doit être postérieure à la date de début.")]
    [InlineData("from=2020-01-01&to=2024-01-02", "to", "La période ne peut pas dépasser 3 ans.")]
    [InlineData("from=2026-01-01&to=2026-02-01&category=nope", "category", "Choisissez une catégorie dans la liste.")]
    [InlineData("from=2026-01-01&to=2026-02-01&reason=nope", "reason", "Choisissez un motif dans la liste.")]
    [InlineData("from=2026-01-01&to=2026-02-01&resolution=1", "resolution", "Choisissez une solution dans la liste.")]
    [InlineData("from=2026-01-01&to=2026-02-01&warehouse=nope", "warehouse", "Choisissez un entrepôt dans la liste.")]
    public async Task Bad_filters_get_a_message_next_to_their_field_and_no_figures(string query, string field, string message)
    {
        var manager = await factory.SignedInAsync("manager@example.fr");

        var page = await manager.GetDocumentAsync("/manage/analytics?" + query);
        using var csv = await manager.GetAsync(new Uri("/manage/analytics?handler=Csv&table=kpis&" + query, UriKind.Relative));

        page.QuerySelector($"#{field}-error").Text().ShouldBe(message);
        page.QuerySelector("#error-summary").Text().ShouldContain(message);
        page.QuerySelector("#kpis-table").ShouldBeNull();
        csv.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_reason_resolution_and_warehouse_filters_have_french_and_english_labels()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");

        var fr = await manager.GetDocumentAsync("/manage/analytics?" + History());
        var en = await manager.GetDocumentAsync("/manage/analytics?culture=en-GB&ui-culture=en-GB&" + History());

        string Label(AngleSharp.Html.Dom.IHtmlDocument page, string id) => page.QuerySelector($"label[for='{id}']").ShouldNotBeNull().Text();
        (Label(fr, "Form_Reason"), Label(fr, "Form_Resolution"), Label(fr, "Form_Warehouse")).ShouldBe(("Motif", "Solution demandée", "Entrepôt"));
        (Label(en, "Form_Reason"), Label(en, "Form_Resolution"), Label(en, "Form_Warehouse")).ShouldBe(("Reason", "Resolution asked", "Warehouse"));
        fr.QuerySelectorAll("#Form_Reason option").Select(o => o.Text()).ShouldContain("Taille trop petite");
        en.QuerySelectorAll("#Form_Reason option").Select(o => o.Text()).ShouldContain("Too small");
        fr.QuerySelectorAll("#Form_Resolution option").Select(o => o.GetAttribute("value")).ShouldBe(["", "Refund", "StoreCredit", "Exchange"]);
        fr.QuerySelectorAll("#Form_Warehouse option").Select(o => o.GetAttribute("value"))
            .ShouldBe(["", ReferenceDataSeeder.WarehouseCode, DemoShopSeeder.RepairWarehouseCode]);
        // Nothing filtered beyond the period: nothing left out to say.
        fr.QuerySelector("#analytics-left-out").ShouldBeNull();
    }

    [Fact]
    public async Task A_reason_filter_shows_that_reasons_units_says_what_it_leaves_out_and_withholds_the_rates()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");
        var all = await manager.GetDocumentAsync("/manage/analytics?" + History());
        var tooSmall = Row(all, "reasons", "Taille trop petite");

        var page = await manager.GetDocumentAsync("/manage/analytics?reason=too_small&" + History());

        page.QuerySelector("#Form_Reason option[selected]")!.GetAttribute("value").ShouldBe("too_small");
        Row(page, "reasons", "Taille trop petite").ShouldBe(["Taille trop petite", tooSmall[1], 1.0.ToString("P1", CultureInfo.GetCultureInfo("fr-FR"))]);
        page.QuerySelectorAll("#reasons-table tbody tr").Length.ShouldBe(1);
        Row(page, "kpis", "Unités retournées")[1].ShouldBe(tooSmall[1]);
        // Sales and counts are not narrowed by a reason: the same as unfiltered; the rates are not calculated.
        Row(page, "kpis", "Unités vendues").ShouldBe(Row(all, "kpis", "Unités vendues"));
        Row(page, "kpis", "Retours demandés").ShouldBe(Row(all, "kpis", "Retours demandés"));
        Row(page, "kpis", "Taux de retour (unités)").Skip(1).ShouldAllBe(c => c == "non calculé (filtre)");
        page.QuerySelector("#kpi-rate-units")!.Text().ShouldBe("non calculé (filtre)");
        var note = page.QuerySelector("#analytics-left-out").ShouldNotBeNull();
        note.Text().ShouldContain("Le filtre « motif » ne s'applique pas à : unités et valeur vendues, nombre de retours");
        note.QuerySelector("#analytics-rates-withheld").ShouldNotBeNull();
        var json = JsonDocument.Parse(page.QuerySelector("script#analytics-data")!.TextContent).RootElement;
        json.GetProperty("filters").GetProperty("reason").GetString().ShouldBe("too_small");
        json.GetProperty("reasons").GetProperty("units").GetArrayLength().ShouldBe(1);
        page.QuerySelector("#reasons-comments-link")!.GetAttribute("href")!.ShouldContain("reason=too_small");

        var english = await manager.GetDocumentAsync("/manage/analytics?culture=en-GB&ui-culture=en-GB&reason=too_small&" + History());
        english.QuerySelector("#analytics-left-out")!.Text().ShouldContain("The reason filter does not apply to: units and value sold, returns counted");
    }

    [Fact]
    public async Task Resolution_and_warehouse_filters_narrow_their_figures_and_every_csv_carries_them_and_equals_its_table()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");
        var all = await manager.GetDocumentAsync("/manage/analytics?" + History());

        var credit = await manager.GetDocumentAsync("/manage/analytics?resolution=StoreCredit&" + History());
        Row(credit, "kpis", "Résolus en avoir").ShouldBe(Row(all, "kpis", "Résolus en avoir"));
        Row(credit, "kpis", "Résolus en remboursement")[1].ShouldBe("0");
        Row(credit, "kpis", "Résolus en échange")[1].ShouldBe("0");
        // A resolution narrows neither side of the rates: shown, unfiltered, and said.
        Row(credit, "kpis", "Taux de retour (unités)").ShouldBe(Row(all, "kpis", "Taux de retour (unités)"));
        credit.QuerySelector("#analytics-left-out")!.Text().ShouldContain("Le filtre « solution demandée » ne s'applique pas à : unités et valeur vendues, unités et valeur retournées");
        credit.QuerySelector("#analytics-rates-withheld").ShouldBeNull();

        // The demo history went to the first warehouse: all of it there, nothing at the repair workshop.
        var lyon = await manager.GetDocumentAsync($"/manage/analytics?warehouse={ReferenceDataSeeder.WarehouseCode}&" + History());
        Row(lyon, "kpis", "Unités retournées").ShouldBe(Row(all, "kpis", "Unités retournées"));
        Row(lyon, "kpis", "Retours demandés").ShouldBe(Row(all, "kpis", "Retours demandés"));
        var repair = await manager.GetDocumentAsync($"/manage/analytics?warehouse={DemoShopSeeder.RepairWarehouseCode}&reason=too_small&resolution=Refund&" + History());
        Row(repair, "kpis", "Unités retournées")[1].ShouldBe("0");
        Row(repair, "kpis", "Retours demandés")[1].ShouldBe("0");
        Row(repair, "kpis", "Unités vendues").ShouldBe(Row(all, "kpis", "Unités vendues"));
        repair.QuerySelector("#analytics-left-out")!.Text().ShouldContain("Le filtre « entrepôt » ne s'applique pas à : unités et valeur vendues, produits à problème");

        foreach (var id in TableIds)
        {
            var href = repair.QuerySelector($"#{id}-csv")!.GetAttribute("href")!;
            href.ShouldContain($"warehouse={DemoShopSeeder.RepairWarehouseCode}");
            href.ShouldContain("reason=too_small");
            href.ShouldContain("resolution=Refund");
            var bytes = await manager.GetByteArrayAsync(new Uri(href, UriKind.Relative));
            var csv = CsvText.Parse(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
            var table = repair.QuerySelector($"#{id}-table");
            var shown = table is null ? [] : table.QuerySelectorAll("tr").Select(tr => tr.QuerySelectorAll("th, td").Select(c => c.Text()).ToList()).ToList();
            if (table is null)
            {
                csv.Count.ShouldBe(1, $"{id}: an empty table's CSV has its headers only");
            }
            else
            {
                csv.ShouldBe(AsCsv(shown), $"{id}: the CSV differs from the filtered table");
            }
        }
    }

    /// <summary>The cells of a table's row whose header cell is this text.</summary>
    private static List<string> Row(AngleSharp.Html.Dom.IHtmlDocument page, string table, string header) =>
        page.QuerySelectorAll($"#{table}-table tbody tr")
            .Select(tr => tr.QuerySelectorAll("th, td").Select(c => c.Text()).ToList())
            .FirstOrDefault(cells => cells[0] == header)
            .ShouldNotBeNull($"{table}: no row {header}");

    [Fact]
    public async Task An_empty_period_says_no_data()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");

        var page = await manager.GetDocumentAsync("/manage/analytics?from=2010-01-01&to=2010-02-01");

        page.QuerySelector("#analytics-no-data").Text().ShouldBe("Aucune donnée pour cette période : rien n'a été vendu ni retourné.");
        page.QuerySelector("#kpis-table").ShouldBeNull();
    }

    [Fact]
    public async Task Without_filters_the_last_thirty_days_are_shown()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");

        var page = await manager.GetDocumentAsync("/manage/analytics");

        var today = AnalyticsPeriod.ParisDay(DateTime.UtcNow);
        page.QuerySelector("#Form_To")!.GetAttribute("value").ShouldBe(today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        page.QuerySelector("#Form_From")!.GetAttribute("value").ShouldBe(today.AddDays(-29).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        page.QuerySelector("#kpis-table").ShouldNotBeNull();
    }

    /// <summary>
    /// Costs (ADR 0047) of a week of 2016 holding only this test's returns: drop-off label 5 €, boot 100 € (cost 40 €).
    /// R1: 2 boots refunded and destroyed → refund 2 × 100 − 5 = 195 €, write-off 2 × 40 = 80 €, no label fee borne.
    /// R2: 1 boot approved, no fee quoted → 5 € borne. Total 280 €; the week before has none.
    /// </summary>
    [Fact]
    public async Task The_cost_of_returns_matches_the_hand_count_and_its_csv()
    {
        var placed = new DateTime(2016, 6, 7, 8, 0, 0, DateTimeKind.Utc);
        await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            var key = Guid.NewGuid().ToString("N")[..6];
            var product = new Product { Code = $"COST-{key}", Name = "Botte", Category = new Category { Code = $"cost-{key}", NameFr = "Coûts", NameEn = "Costs" }, UnitCostMinor = 4_000 };
            var variant = new ProductVariant { Sku = $"COST-{key}-1", Price = Money.Eur(10_000) };
            product.Variants.Add(variant);
            var policy = new ReturnPolicy { Name = $"Cost-{key}", ApprovalThresholds = { new() { Currency = Money.Euro, FourEyesMinor = 1_000_000, WriteOffMinor = 1_000_000 } } };
            policy.MethodFees.Add(new PolicyMethodFee { Method = ReturnMethod.DropOff, Fee = Money.Eur(500) });
            var order = new Order { Number = $"COST-{key}", Email = "cost@example.fr", CustomerName = "C", Postcode = "75001", PlacedAt = placed, DeliveredAt = placed.AddDays(1) };
            order.Lines.Add(new OrderLine { Variant = variant, Quantity = 3, UnitPricePaid = variant.Price });
            db.AddRange(product, policy, order);
            await db.SaveChangesAsync();
            var dropOff = await db.DropOffPoints.OrderBy(d => d.Id).FirstAsync();
            var reason = await db.Reasons.OrderBy(r => r.Id).FirstAsync(r => !r.IsDefect && !r.IsMerchantFault);
            var at = placed.AddDays(1);
            var warehouse = await db.Warehouses.OrderBy(w => w.Id).Select(w => w.Id).FirstAsync();
            var r1 = ReturnRequest.Create(RmaNumber.Generate(), order, policy, [new ReturnLine(order.Lines[0].Id, 2, reason.Id, null)],
                Resolution.Refund, ReturnMethod.DropOff, dropOff.Id, warehouse, "fr", "customer", at);
            var r2 = ReturnRequest.Create(RmaNumber.Generate(), order, policy, [new ReturnLine(order.Lines[0].Id, 1, reason.Id, null)],
                Resolution.Refund, ReturnMethod.DropOff, dropOff.Id, warehouse, "fr", "customer", at);
            r1.Approve("agent", at);
            r2.Approve("agent", at);
            db.AddRange(r1, r2);
            await db.SaveChangesAsync();
            var line = r1.Lines[0];
            r1.Receive([new LineReceipt(line.Id, ReceiptOutcome.Received, 2)], "inspector", at);
            r1.InspectLine(new LineInspection(line.Id, ItemGrade.A, [], SerialCheck.NotApplicable, null), "inspector", at);
            r1.Decide([new LineDecisionInput(line.Id, LineVerdict.Accept, Disposition.Destroy, null)], "agent", at);
            // The test builds the consequences itself (its own settlement reference), so the save must not settle it (ADR 0098).
            r1.ClearDomainEvents();
            await new StockDispositions(db, new StockLedger(db)).ApplyIfResolvedAsync(r1, "agent", at, default);
            await db.SaveChangesAsync();
            var paid = Settlement.For(r1, SettlementDeadlines.None, new SettlementChannels(), "agent", at);
            paid.MarkPaid($"VIR-{r1.Rma}", "finance", at);
            db.Add(paid);
            await db.SaveChangesAsync();
            // The audit stamps creation with the real clock: move both returns to 2016, as an import would, and mark the day.
            var ids = new[] { r1.Id, r2.Id };
            await db.Returns.Where(r => ids.Contains(r.Id)).ExecuteUpdateAsync(u => u.SetProperty(r => r.CreatedAt, at));
            db.AnalyticsRollupMarks.Add(new RollupMark { Day = AnalyticsPeriod.ParisDay(at) });
            await db.SaveChangesAsync();
            return 0;
        });
        var manager = await factory.SignedInAsync("manager@example.fr");

        var page = await manager.GetDocumentAsync("/manage/analytics?from=2016-06-06&to=2016-06-13");

        var fr = CultureInfo.GetCultureInfo("fr-FR");
        var rows = page.QuerySelectorAll("#costs-table tbody tr").Select(tr => tr.QuerySelectorAll("th, td").Select(c => c.Text()).ToList()).ToList();
        rows.ShouldBe(
        [
            ["Remboursements versés", Money.Eur(19_500).Format(fr), Money.Eur(0).Format(fr)],
            ["Frais d'étiquette à la charge de la boutique", Money.Eur(500).Format(fr), Money.Eur(0).Format(fr)],
            ["Stock mis au rebut (au coût)", Money.Eur(8_000).Format(fr), Money.Eur(0).Format(fr)],
            ["Coût total des retours", Money.Eur(28_000).Format(fr), Money.Eur(0).Format(fr)],
        ]);
        page.QuerySelector("#costs-rule").ShouldNotBeNull();
        var csv = await manager.GetStringAsync(new Uri(page.QuerySelector("#costs-csv")!.GetAttribute("href")!, UriKind.Relative));
        // Amounts a spreadsheet reads as numbers: decimal comma, no grouping, no symbol; the currency goes with the label.
        csv.ShouldContain("Coût total des retours (€);280,00;0,00\r\n");
        csv.ShouldContain("Remboursements versés (€);195,00;0,00\r\n");
        csv.ShouldNotContain("€;");
        // Disposition mix: R1's one line (2 units) destroyed that week; every disposition listed.
        var mix = page.QuerySelectorAll("#dispositions-table tbody tr").Select(tr => tr.QuerySelectorAll("th, td").Select(c => c.Text()).ToList()).ToList();
        mix.Count.ShouldBe(7);
        mix.ShouldContain(r => r.SequenceEqual(new[] { "Destruction", "1", "2", 1.0.ToString("P1", fr) }));
        mix.Where(r => r[0] != "Destruction").ShouldAllBe(r => r[1] == "0" && r[2] == "0");
    }

    [Fact]
    public async Task An_agent_is_refused_the_dashboard_and_sees_no_link()
    {
        var agent = await factory.SignedInAsync("agent@example.fr");

        var queue = await agent.GetDocumentAsync("/staff");
        using var response = await agent.GetAsync(new Uri("/manage/analytics", UriKind.Relative));

        queue.QuerySelector("a[href='/manage/analytics']").ShouldBeNull();
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.AbsolutePath.ShouldBe("/account/access-denied");
    }

    /// <summary>
    /// A table as its CSV gives it (ADR 0094): amounts and counts as plain numbers, the currency with the row's label;
    /// the header row and every other cell as shown.
    /// </summary>
    private static List<List<string>> AsCsv(List<List<string>> shown) =>
    [
        .. shown.Take(1),
        .. shown.Skip(1).Select(row =>
        {
            var money = row.Any(c => Amount().IsMatch(c));
            return row.Select((cell, i) =>
                i == 0 && money ? cell + " (€)"
                : Amount().IsMatch(cell) || Count().IsMatch(cell) ? Separators().Replace(cell, "").TrimEnd('€')
                : cell).ToList();
        }),
    ];

    [System.Text.RegularExpressions.GeneratedRegex(@"^-?\d{1,3}([\s\u00A0\u202F]\d{3})*,\d{2}[\s\u00A0\u202F]€$")]
    private static partial System.Text.RegularExpressions.Regex Amount();

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{1,3}([\s\u00A0\u202F]\d{3})+$")]
    private static partial System.Text.RegularExpressions.Regex Count();

    [System.Text.RegularExpressions.GeneratedRegex(@"[\s\u00A0\u202F]")]
    private static partial System.Text.RegularExpressions.Regex Separators();
}
