using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Staff;

/// <summary>The staff queue (Pages/Staff/Index): filters, search, deadlines, sorts and keyset paging over the demo shop.</summary>
public abstract class IndexTests(PortalFactory factory)
{
    [Fact]
    public async Task The_queue_sends_a_visitor_to_the_login_page()
    {
        var client = factory.CreateBrowserLikeClient();

        using var response = await client.GetAsync(new Uri("/staff", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.AbsolutePath.ShouldBe("/account/login");
    }

    [Fact]
    public async Task The_status_filter_lives_in_the_url()
    {
        var client = await SignedInAsync("agent@example.fr");

        var queue = await client.GetDocumentAsync("/staff?status=AwaitingApproval");

        var chips = queue.QuerySelectorAll("#queue tbody .status-chip").Select(c => c.Text()).Distinct().ToList();
        chips.ShouldBe(["En attente de validation"]);
    }

    [Fact]
    public async Task The_queue_is_sorted_by_deadline_as_the_domain_rule_computes_it()
    {
        var client = await SignedInAsync("inspector@example.fr");
        var expected = await ExpectedOrderAsync();

        var rows = Rmas(await client.GetDocumentAsync("/staff?size=40"));

        rows.ShouldBe(expected.Take(40).ToList());
    }

    [Fact]
    public async Task Every_deadline_has_a_chip_with_words_not_only_a_colour()
    {
        var client = await SignedInAsync("inspector@example.fr");

        var queue = await client.GetDocumentAsync("/staff?status=Received");

        var chips = queue.QuerySelectorAll("#queue tbody .deadline-chip").ToList();
        chips.Count.ShouldBe(queue.QuerySelectorAll("#queue tbody tr").Length);
        chips.Count.ShouldBeGreaterThan(0);
        chips.ShouldAllBe(c => c.TextContent.Trim().Length > 0);
        chips.Select(c => c.Text()).ShouldBeSubsetOf(["En retard", "Sous 24 h", "Bientôt", "Dans les temps"]);
    }

    [Fact]
    public async Task Search_opens_the_one_return_an_exact_rma_tracking_or_order_number_designates_and_lists_the_rest()
    {
        var client = await SignedInAsync("agent@example.fr");
        var target = await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().Returns
            .Where(r => r.CarrierTrackingNumber != null && !sp.GetRequiredService<ReturnsDbContext>().Returns.Any(o => o.OrderId == r.OrderId && o.Id != r.Id))
            .OrderBy(r => r.Id)
            .Select(r => new { r.Rma, r.Order!.Number, r.Order.Email, r.CarrierTrackingNumber })
            .FirstAsync());

        // Typed as people type them, each designates exactly one return: the queue opens it (issue 15).
        foreach (var typed in new[]
                 {
                     target.Rma.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal),
                     " " + target.Number.ToLowerInvariant() + " ",
                     target.CarrierTrackingNumber!.ToLowerInvariant(),
                 })
        {
            using var response = await client.GetAsync(new Uri("/staff?q=" + Uri.EscapeDataString(typed), UriKind.Relative));
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, typed);
            response.Headers.Location!.OriginalString.ShouldBe($"/staff/returns/{target.Rma}", typed);
        }

        // An e-mail lists (a customer may have several returns), and keeps what was typed.
        var byEmail = await client.GetDocumentAsync("/staff?q=" + Uri.EscapeDataString(target.Email.ToUpperInvariant()));
        Rmas(byEmail).ShouldContain(target.Rma);
        byEmail.QuerySelector<IHtmlInputElement>("#q")!.Value.ShouldBe(target.Email.ToUpperInvariant());
        Rmas(await client.GetDocumentAsync("/staff?q=nothing-like-this")).ShouldBeEmpty();

        // An order with two returns is listed, not guessed.
        var twice = await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().Returns
            .GroupBy(r => r.Order!.Number).Where(g => g.Count() > 1).Select(g => g.Key).FirstOrDefaultAsync());
        if (twice is not null)
        {
            Rmas(await client.GetDocumentAsync("/staff?q=" + Uri.EscapeDataString(twice))).Count.ShouldBeGreaterThan(1);
        }
    }

    [Fact]
    public async Task Every_row_links_to_its_return_from_its_first_cell()
    {
        var client = await SignedInAsync("agent@example.fr");
        var queue = await client.GetDocumentAsync("/staff");
        var rows = queue.QuerySelectorAll("#queue tbody tr").ToList();
        rows.Count.ShouldBeGreaterThan(0);
        rows.ShouldAllBe(r => r.QuerySelector("td:first-child a.row-link")!.GetAttribute("href") == "/staff/returns/" + r.GetAttribute("data-rma"));
        queue.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")!).ShouldContain(src => src.StartsWith("/js/queue.js", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Method_age_and_flag_filters_combine_in_the_url_and_the_form_keeps_them()
    {
        var client = await SignedInAsync("agent@example.fr");
        var flagged = await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            var request = await db.Returns.Where(r => r.Method == ReturnMethod.Pickup).OrderBy(r => r.Id).FirstAsync();
            request.Flag(true);
            await db.SaveChangesAsync();
            return request.Rma;
        });

        var pickups = await client.GetDocumentAsync("/staff?method=Pickup&size=200");
        var onlyFlagged = await client.GetDocumentAsync("/staff?method=Pickup&flagged=true");
        var young = await client.GetDocumentAsync("/staff?age=UpTo2Days&size=200");

        pickups.QuerySelectorAll("#queue tbody tr td:nth-child(5)").Select(c => c.Text()).Distinct().ShouldBe(["Enlèvement à domicile"]);
        pickups.QuerySelector<IHtmlSelectElement>("#method")!.Value.ShouldBe("Pickup");
        Rmas(onlyFlagged).ShouldContain(flagged);
        Rmas(onlyFlagged).ShouldBeSubsetOf(Rmas(pickups));
        onlyFlagged.QuerySelectorAll("#queue tbody tr").ShouldAllBe(r => r.QuerySelector(".flag-chip")!.TextContent.Trim() == "À contrôler avant remboursement");
        Rmas(await client.GetDocumentAsync("/staff?flagged=true")).Count.ShouldBeGreaterThanOrEqualTo(2, "the demo shop flags two returns");
        onlyFlagged.QuerySelector<IHtmlInputElement>("#flagged")!.IsChecked.ShouldBeTrue();
        var cutoff = DateTime.UtcNow.AddDays(-2).AddMinutes(-5);
        var youngRmas = Rmas(young);
        var created = await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().Returns
            .Where(r => youngRmas.Contains(r.Rma)).Select(r => r.CreatedAt).ToListAsync());
        created.ShouldAllBe(c => c >= cutoff);
        // The filter form is a plain GET form: it works without JavaScript and makes bookmarkable URLs.
        var form = young.QuerySelector<IHtmlFormElement>("#queue-filters")!;
        form.Method.ShouldBe("get");
        form.QuerySelectorAll("select, input:not([type=hidden])").ShouldAllBe(i => young.QuerySelector($"label[for='{i.Id}']") != null);
    }

    [Fact]
    public async Task Keyset_pages_stay_stable_when_a_return_arrives_between_two_loads()
    {
        var client = await SignedInAsync("inspector@example.fr");
        var reference = Rmas(await client.GetDocumentAsync("/staff?size=20"));
        var first = await client.GetDocumentAsync("/staff?size=10");
        Rmas(first).ShouldBe(reference.Take(10).ToList());
        first.QuerySelector("a[rel=prev]").ShouldBeNull();
        var next = first.QuerySelector<IHtmlAnchorElement>("a[rel=next]")!.GetAttribute("href")!;

        // A new return whose deadline sorts before everything already shown: offset paging would repeat a row.
        var arrived = await AddReturnAsync(createdDaysAgo: 60);
        var second = await client.GetDocumentAsync(next);

        Rmas(second).ShouldBe(reference.Skip(10).Take(10).ToList());
        Rmas(second).ShouldNotContain(arrived);
        var back = await client.GetDocumentAsync(second.QuerySelector<IHtmlAnchorElement>("a[rel=prev]")!.GetAttribute("href")!);
        Rmas(back).ShouldBe(reference.Take(10).ToList());
        Rmas(await client.GetDocumentAsync("/staff?size=10"))[0].ShouldBe(arrived);
    }

    [Fact]
    public async Task Paging_through_the_whole_queue_shows_every_return_once()
    {
        var client = await SignedInAsync("manager@example.fr");
        var total = await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().Returns.CountAsync());
        var seen = await PageThroughAsync(client, "/staff?size=50");

        seen.Count.ShouldBe(total);
        seen.Distinct().Count().ShouldBe(total);
    }

    [Fact]
    public async Task A_hand_edited_url_with_bad_values_still_shows_the_queue()
    {
        var client = await SignedInAsync("inspector@example.fr");

        using var response = await client.GetAsync(new Uri("/staff?status=Teleported&after=garbage&size=-4&age=Ancient", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.ReadDocumentAsync()).QuerySelectorAll("#queue tbody tr").Length.ShouldBe(10);
    }

    [Theory]
    [InlineData("Deadline")]
    [InlineData("Received")]
    [InlineData("Created")]
    public async Task Each_sort_orders_the_queue_as_its_rule_says(string sort)
    {
        var client = await SignedInAsync("inspector@example.fr");
        var expected = await ExpectedOrderAsync(sort);

        var page = await client.GetDocumentAsync($"/staff?size=40&sort={sort}");

        Rmas(page).ShouldBe(expected.Take(40).ToList());
        page.QuerySelector<IHtmlSelectElement>("#sort")!.Value.ShouldBe(sort);
    }

    [Theory]
    // 59 days, not 60: the older test's arrival must still sort first whatever the order the tests run in.
    [InlineData("Deadline", 59)]
    [InlineData("Received", 59)]
    [InlineData("Created", 0)]
    public async Task Keyset_pages_stay_stable_for_each_sort_when_a_return_arrives(string sort, int createdDaysAgo)
    {
        var client = await SignedInAsync("agent@example.fr");
        var reference = Rmas(await client.GetDocumentAsync($"/staff?size=20&sort={sort}"));
        var first = await client.GetDocumentAsync($"/staff?size=10&sort={sort}");
        Rmas(first).ShouldBe(reference.Take(10).ToList());
        var next = first.QuerySelector<IHtmlAnchorElement>("a[rel=next]")!.GetAttribute("href")!;
        if (sort != "Deadline")
        {
            next.ShouldContain($"sort={sort}");
        }

        var arrived = await AddReturnAsync(createdDaysAgo);
        var second = await client.GetDocumentAsync(next);

        Rmas(second).ShouldBe(reference.Skip(10).Take(10).ToList());
        Rmas(second).ShouldNotContain(arrived);
        // Going back shows the ten rows just before page 2 as they are now, the arrival included when it sorts there.
        var now = Rmas(await client.GetDocumentAsync($"/staff?size=30&sort={sort}"));
        var back = await client.GetDocumentAsync(second.QuerySelector<IHtmlAnchorElement>("a[rel=prev]")!.GetAttribute("href")!);
        Rmas(back).ShouldBe(now.Take(now.IndexOf(Rmas(second)[0])).TakeLast(10).ToList());
    }

    [Fact]
    public async Task The_newest_first_sort_pages_through_every_return_once()
    {
        var client = await SignedInAsync("manager@example.fr");
        var total = await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().Returns.CountAsync());
        var seen = await PageThroughAsync(client, "/staff?size=100&sort=Created");

        seen.Count.ShouldBe(total);
        seen.Distinct().Count().ShouldBe(total);
    }

    [Fact]
    public async Task An_unknown_sort_falls_back_to_the_deadline_without_an_error()
    {
        var client = await SignedInAsync("inspector@example.fr");
        var expected = await ExpectedOrderAsync("Deadline");

        var page = await client.GetDocumentAsync("/staff?size=20&sort=Sideways");

        Rmas(page).ShouldBe(expected.Take(20).ToList());
        page.QuerySelector("#error-summary").ShouldBeNull();
        page.QuerySelector<IHtmlSelectElement>("#sort")!.Value.ShouldBe("Deadline");
        Rmas(await client.GetDocumentAsync("/staff?size=20&sort=7")).ShouldBe(expected.Take(20).ToList());
    }

    [Fact]
    public async Task The_sort_labels_are_in_french_and_english()
    {
        var client = await SignedInAsync("inspector@example.fr");

        var french = await client.GetDocumentAsync("/staff?sort=Received");
        french.QuerySelector("label[for=sort]")!.Text().ShouldBe("Trier par");
        french.QuerySelector("#sort option[value=Created]")!.Text().ShouldBe("Date de création (la plus récente d'abord)");
        var english = await client.GetDocumentAsync("/staff?sort=Received&culture=en-GB");
        english.QuerySelector("#sort option[value=Received]")!.Text().ShouldBe("Age since receipt (oldest first)");
    }

    /// <summary>Follows the "next" links from <paramref name="url"/> to the last page and returns every RMA shown, in order.</summary>
    private static async Task<List<string>> PageThroughAsync(HttpClient client, string? url)
    {
        var seen = new List<string>();
        for (var guard = 0; url is not null && guard < 100; guard++)
        {
            var page = await client.GetDocumentAsync(url);
            seen.AddRange(Rmas(page));
            url = page.QuerySelector("a[rel=next]")?.GetAttribute("href");
        }
        return seen;
    }

    private static List<string> Rmas(IHtmlDocument page) =>
        [.. page.QuerySelectorAll("#queue tbody tr").Select(r => r.GetAttribute("data-rma")!)];

    private Task<List<string>> ExpectedOrderAsync(string sort) => sort switch
    {
        "Received" => factory.WithScopeAsync(async sp => (await sp.GetRequiredService<ReturnsDbContext>().Returns.AsNoTracking()
                .Select(r => new { r.Id, r.Rma, Received = r.History.Where(h => h.To == ReturnStatus.Received).Max(h => (DateTime?)h.At) })
                .ToListAsync())
            .OrderBy(r => r.Received ?? ReturnDeadlines.None).ThenBy(r => r.Id).Select(r => r.Rma).ToList()),
        "Created" => factory.WithScopeAsync(async sp => (await sp.GetRequiredService<ReturnsDbContext>().Returns.AsNoTracking()
                .Select(r => new { r.Id, r.Rma, r.CreatedAt }).ToListAsync())
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Select(r => r.Rma).ToList()),
        _ => ExpectedOrderAsync(),
    };

    private Task<List<string>> ExpectedOrderAsync() => factory.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<ReturnsDbContext>();
        var returns = await db.Returns.AsNoTracking()
            .Select(r => new
            {
                r.Id,
                r.Rma,
                r.Status,
                r.CreatedAt,
                r.LabelValidUntil,
                Received = r.History.Where(h => h.To == ReturnStatus.Received).Max(h => (DateTime?)h.At),
                // Each return follows its own policy version's service level (ADR 0038).
                ServiceDays = r.Policy!.RefundServiceDays,
            })
            .ToListAsync();
        return returns
            .Select(r => (r.Rma, r.Id, Deadline: ReturnDeadlines.For(r.Status, r.CreatedAt, r.Received, r.ServiceDays, labelValidUntil: r.LabelValidUntil) ?? ReturnDeadlines.None))
            .OrderBy(r => r.Deadline).ThenBy(r => r.Id)
            .Select(r => r.Rma)
            .ToList();
    });

    private Task<string> AddReturnAsync(int createdDaysAgo) => factory.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<ReturnsDbContext>();
        var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Number == "DEMO-1002");
        var policy = await db.Policies.FirstAsync(p => p.IsDefault);
        var reason = await db.Reasons.OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();
        var request = ReturnRequest.Create(
            RmaNumber.Generate(), order, policy, [new ReturnLine(order.Lines[0].Id, 1, reason, null)], Resolution.Refund,
            ReturnMethod.InStore, null, await db.Warehouses.OrderBy(w => w.Id).Select(w => w.Id).FirstAsync(), "fr", "test", DateTime.UtcNow);
        db.Returns.Add(request);
        await db.SaveChangesAsync();
        var created = DateTime.UtcNow.AddDays(-createdDaysAgo);
        await db.Returns.Where(r => r.Id == request.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.CreatedAt, created));
        return request.Rma;
    });

    [Fact]
    public async Task Managers_see_the_refunds_waiting_and_overdue_with_a_link_to_the_finance_queue()
    {
        var manager = await SignedInAsync("manager@example.fr");
        var before = int.Parse((await manager.GetDocumentAsync("/staff")).QuerySelector("#refunds-waiting").Text(), CultureInfo.InvariantCulture);

        await TestReturns.ReturnAsync(factory, ReturnStatus.Resolved);
        var page = await manager.GetDocumentAsync("/staff");

        var now = DateTime.UtcNow;
        var overdue = await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().Settlements
            .Where(s => s.Kind == SettlementKind.Refund && (s.Status == SettlementStatus.Sent || s.Status == SettlementStatus.Failed || s.Status == SettlementStatus.Instructed))
            .CountAsync(s => (s.ServiceDeadline != null && s.ServiceDeadline < now) || (s.LegalDeadline != null && s.LegalDeadline < now)));
        page.QuerySelector("#refunds-waiting").Text().ShouldBe((before + 1).ToString(CultureInfo.InvariantCulture));
        page.QuerySelector("#refunds-overdue").Text().ShouldBe(overdue.ToString(CultureInfo.InvariantCulture));
        page.QuerySelector("#refunds-summary-link")!.GetAttribute("href").ShouldBe("/staff/refunds");
        // An inspector cannot open the finance queue: no summary for them.
        (await (await SignedInAsync("inspector@example.fr")).GetDocumentAsync("/staff")).QuerySelector("#refunds-summary").ShouldBeNull();
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = factory.CreateBrowserLikeClient();
        var login = await client.GetDocumentAsync("/account/login");
        using var response = await client.SubmitAsync(login, "main form", new Dictionary<string, string>
        {
            ["Form.Email"] = email,
            ["Form.Password"] = "Demo!2026returns",
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return client;
    }
}

public sealed class IndexTests_Sqlite(SqlitePortalFactory factory) : IndexTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class IndexTests_Postgres(PostgresPortalFactory factory) : IndexTests(factory), IClassFixture<PostgresPortalFactory>;
