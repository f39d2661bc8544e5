using System.Globalization;
using System.Net;
using System.Text;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Analytics;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Seeding;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Manage.Analytics;

public sealed class CommentsTests_Sqlite(SqlitePortalFactory factory) : CommentsTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class CommentsTests_Postgres(PostgresPortalFactory factory) : CommentsTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>/manage/analytics/comments on the demo shop's comments (ADR 0046): search, filters, pages, CSV, bad input.</summary>
public abstract class CommentsTests(PortalFactory factory)
{
    private static string History()
    {
        var today = AnalyticsPeriod.ParisDay(DateTime.UtcNow);
        return string.Create(CultureInfo.InvariantCulture,
            $"from={today.AddDays(-DemoShopSeeder.HistoryDays):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}");
    }

    private static List<string> Comments(IHtmlDocument page) =>
        [.. page.QuerySelectorAll("#comments-table tbody tr").Select(r => r.QuerySelectorAll("td")[3].Text())];

    private static async Task<IHtmlDocument> SearchAsync(HttpClient client, string query)
    {
        var page = await client.GetDocumentAsync("/manage/analytics/comments?" + History() + "&" + query);
        page.QuerySelector("#error-summary").ShouldBeNull(query);
        return page;
    }

    [Fact]
    public async Task The_search_ignores_case_and_finds_the_word_wherever_it_is()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");

        var lower = await SearchAsync(manager, "reason=too_big&q=taille");
        var capital = await SearchAsync(manager, "reason=too_big&q=Taille");
        var shouting = await SearchAsync(manager, "reason=too_big&q=TAILLE");

        var comments = Comments(lower);
        comments.Count.ShouldBeGreaterThan(2);
        comments.ShouldAllBe(c => c.Contains("taille", StringComparison.OrdinalIgnoreCase));
        comments.ShouldContain("Taille grand, je flotte dedans.");
        comments.ShouldContain("Trop large à la taille.");
        comments.ShouldNotContain("Pointure trop grande, le talon glisse."); // the same reason, without the word
        Comments(capital).ShouldBe(comments);
        Comments(shouting).ShouldBe(comments);
        lower.QuerySelectorAll("#comments-table tbody tr").ShouldAllBe(r => r.QuerySelectorAll("td")[2].Text() == "Taille trop grande");
    }

    [Fact]
    public async Task Accented_words_are_found_and_a_search_without_words_lists_every_comment()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");

        var accents = Comments(await SearchAsync(manager, "q=" + Uri.EscapeDataString("serré aux épaules")));
        var all = Comments(await SearchAsync(manager, "q="));
        var percent = await SearchAsync(manager, "q=%25");

        accents.ShouldNotBeEmpty();
        accents.ShouldAllBe(c => c == "Trop serré aux épaules.");
        all.Count.ShouldBe(CommentsModelPageSize);
        all.Distinct().Count().ShouldBeGreaterThan(5);
        // % is a character to find, not a wildcard: no demo comment has one.
        percent.QuerySelector("#comments-empty").Text().ShouldBe("Aucun commentaire ne correspond à ces filtres.");
    }

    private const int CommentsModelPageSize = ReturnsPortal.Web.Pages.Manage.Analytics.CommentsModel.PageSize;

    [Fact]
    public async Task No_match_says_so_and_the_category_filter_keeps_its_products()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");

        var none = await SearchAsync(manager, "q=licorne");
        var shoes = await SearchAsync(manager, "category=electronics");

        none.QuerySelector("#comments-empty").Text().ShouldBe("Aucun commentaire ne correspond à ces filtres.");
        none.QuerySelector("#comments-table").ShouldBeNull();
        none.QuerySelector("#Form_Q")!.GetAttribute("value").ShouldBe("licorne");
        var electronics = Comments(shoes);
        electronics.ShouldNotBeEmpty();
        electronics.ShouldNotContain(c => c.Contains("Taille", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pages_follow_each_other_newest_first_and_rows_lead_to_the_return()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");
        var first = await SearchAsync(manager, "q=");
        var next = first.QuerySelector("#comments-next").ShouldNotBeNull().GetAttribute("href")!;

        var second = await manager.GetDocumentAsync(next);

        var rmaFirst = first.QuerySelectorAll("#comments-table tbody th a").Select(a => a.Text()).ToList();
        var rmaSecond = second.QuerySelectorAll("#comments-table tbody th a").Select(a => a.Text()).ToList();
        rmaFirst.Count.ShouldBe(CommentsModelPageSize);
        rmaSecond.ShouldNotBeEmpty();
        rmaSecond.ShouldNotContain(rmaFirst[0]);
        // Lines of one return may span the boundary, but no line is shown twice: the dates carry on downwards.
        var lastOfFirst = DateTime.Parse(first.QuerySelectorAll("#comments-table tbody tr")[^1].QuerySelectorAll("td")[0].Text(), CultureInfo.GetCultureInfo("fr-FR"));
        var firstOfSecond = DateTime.Parse(second.QuerySelectorAll("#comments-table tbody tr")[0].QuerySelectorAll("td")[0].Text(), CultureInfo.GetCultureInfo("fr-FR"));
        firstOfSecond.ShouldBeLessThanOrEqualTo(lastOfFirst);

        var link = first.QuerySelector("#comments-table tbody th a")!.GetAttribute("href")!;
        link.ShouldBe("/staff/returns/" + rmaFirst[0]);
        using var detail = await manager.GetAsync(new Uri(link, UriKind.Relative));
        detail.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_csv_equals_the_table_shown()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");
        var page = await SearchAsync(manager, "reason=too_small&q=taille");

        using var response = await manager.GetAsync(new Uri(page.QuerySelector("#comments-csv")!.GetAttribute("href")!, UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes.Take(3).ShouldBe(Encoding.UTF8.GetPreamble());
        var csv = CsvText.Parse(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
        var shown = page.QuerySelectorAll("#comments-table tr").Select(tr => tr.QuerySelectorAll("th, td").Select(c => c.Text()).ToList()).ToList();
        shown.Count.ShouldBeGreaterThan(1);
        csv.ShouldBe(shown);
    }

    [Fact]
    public async Task A_comment_that_starts_like_a_formula_reaches_the_csv_as_text()
    {
        // A customer's comment that Excel would run (ADR 0097): the page shows it as written, the CSV with a leading quote.
        const string Formula = "=HYPERLINK(\"http://x\",\"y\")";
        var (lineId, original) = await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            var line = await db.ReturnLines.AsNoTracking().Where(l => l.Comment != null).OrderByDescending(l => l.Id)
                .Select(l => new { l.Id, l.Comment }).FirstAsync();
            await db.ReturnLines.Where(l => l.Id == line.Id).ExecuteUpdateAsync(s => s.SetProperty(l => l.Comment, Formula));
            return (line.Id, line.Comment!);
        });
        try
        {
            var manager = await factory.SignedInAsync("manager@example.fr");
            var page = await SearchAsync(manager, "q=HYPERLINK");
            Comments(page).ShouldBe([Formula]);

            var csv = await manager.GetStringAsync(new Uri(page.QuerySelector("#comments-csv")!.GetAttribute("href")!, UriKind.Relative));

            csv.ShouldContain(";\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n");
            CsvText.Parse(csv.TrimStart('\uFEFF'))[1][^1].ShouldBe("'" + Formula);
        }
        finally
        {
            await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().ReturnLines.Where(l => l.Id == lineId)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.Comment, original)));
        }
    }

    [Theory]
    [InlineData("from=2026-13-45&to=2026-02-01", "from", "Saisissez une date au format AAAA-MM-JJ.")]
    [InlineData("from=2026-03-01&to=2026-02-01", "to", "La date de fin doit être postérieure à la date de début.")]
    [InlineData("from=2020-01-01&to=2024-01-02", "to", "La période ne peut pas dépasser 3 ans.")]
    [InlineData("from=2026-01-01&to=2026-02-01&reason=nope", "reason", "Choisissez un motif dans la liste.")]
    public async Task Bad_filters_get_a_message_next_to_their_field_and_no_rows(string query, string field, string message)
    {
        var manager = await factory.SignedInAsync("manager@example.fr");

        var page = await manager.GetDocumentAsync("/manage/analytics/comments?" + query);

        page.QuerySelector($"#{field}-error").Text().ShouldBe(message);
        page.QuerySelector("#error-summary").Text().ShouldContain(message);
        page.QuerySelector("#comments-table").ShouldBeNull();
        page.QuerySelector("#comments-empty").ShouldBeNull();
        using var csv = await manager.GetAsync(new Uri("/manage/analytics/comments?handler=Csv&" + query, UriKind.Relative));
        csv.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task In_english_the_messages_are_english()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");

        var page = await manager.GetDocumentAsync("/manage/analytics/comments?culture=en-GB&ui-culture=en-GB&q=licorne");

        page.QuerySelector("h1").Text().ShouldBe("Customers' comments");
        page.QuerySelector("#comments-empty").Text().ShouldBe("No comment matches these filters.");
    }

    [Fact]
    public async Task Agents_inspectors_and_visitors_are_refused_and_the_dashboard_links_here()
    {
        using var visitor = await factory.CreateBrowserLikeClient().GetAsync(new Uri("/manage/analytics/comments", UriKind.Relative));
        visitor.Headers.Location!.AbsolutePath.ShouldBe("/account/login");
        foreach (var email in new[] { "agent@example.fr", "inspector@example.fr" })
        {
            using var refused = await (await factory.SignedInAsync(email)).GetAsync(new Uri("/manage/analytics/comments", UriKind.Relative));
            refused.Headers.Location!.AbsolutePath.ShouldBe("/account/access-denied", email);
        }
        var manager = await factory.SignedInAsync("manager@example.fr");
        var dashboard = await manager.GetDocumentAsync("/manage/analytics?" + History());
        var link = dashboard.QuerySelector("#reasons-comments-link").ShouldNotBeNull().GetAttribute("href")!;
        var comments = await manager.GetDocumentAsync(link);
        comments.QuerySelectorAll("#comments-table tbody tr").Length.ShouldBe(CommentsModelPageSize);
    }
}
