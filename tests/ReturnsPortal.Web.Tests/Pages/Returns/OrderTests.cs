using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Returns;

public sealed class OrderTests_Sqlite(SqlitePortalFactory factory) : OrderTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class OrderTests_Postgres(PostgresPortalFactory factory) : OrderTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>The order page says, per line, what can be returned and until when, in plain words.</summary>
public abstract partial class OrderTests(PortalFactory factory)
{
    private static readonly CultureInfo French = new("fr-FR");
    private static readonly CultureInfo English = new("en-GB");

    [Fact]
    public async Task The_order_page_needs_the_order_cookie()
    {
        var client = factory.CreateBrowserLikeClient();

        using var response = await client.GetAsync(new Uri("/returns/order", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/returns?expired=True");
    }

    [Fact]
    public async Task A_forged_order_cookie_opens_nothing()
    {
        var client = factory.CreateBrowserLikeClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/returns/order");
        request.Headers.Add("Cookie", "rp_order=1");

        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_recent_order_shows_its_returnable_lines_the_hygiene_item_and_the_withdrawal_link()
    {
        var delivered = await DeliveryDayAsync("DEMO-1001");
        var client = await OpenOrderAsync("DEMO-1001", "client@example.fr");

        var page = await client.GetDocumentAsync("/returns/order");

        var until = Day(delivered.AddDays(30), French);
        var guarantee = Day(delivered.AddYears(2), French);
        Statuses(page).ShouldBe([
            $"Retournable jusqu'au {until} (1 sur 1)",
            $"Retournable jusqu'au {until} (1 sur 1)",
            $"Article d'hygiène : non repris une fois ouvert — un défaut reste couvert par la garantie légale jusqu'au {guarantee}",
        ]);
        var start = page.QuerySelector<IHtmlAnchorElement>("#start-return").ShouldNotBeNull();
        start.Text().ShouldBe("Retourner des articles");
        start.GetAttribute("href").ShouldBe("/returns/start");
        var withdraw = page.QuerySelector<IHtmlAnchorElement>("#withdraw-link").ShouldNotBeNull();
        withdraw.Text().ShouldBe("Se rétracter du contrat ici");
        withdraw.GetAttribute("href").ShouldBe("/returns/withdraw");
        page.QuerySelector("#withdrawal-heading + p").Text()
            .ShouldContain(Day(ReturnEligibility.WithdrawalDeadline(delivered), French));
    }

    [Fact]
    public async Task An_order_past_its_window_offers_only_a_defect_report_and_no_withdrawal()
    {
        var delivered = await DeliveryDayAsync("DEMO-1002");
        var client = await OpenOrderAsync("DEMO-1002", "client@example.fr");

        var page = await client.GetDocumentAsync("/returns/order");

        var closed = $"Délai de retour dépassé le {Day(delivered.AddDays(30), French)}"
            + $" — un défaut reste couvert par la garantie légale jusqu'au {Day(delivered.AddYears(2), French)}";
        Statuses(page).ShouldBe([closed, closed]);
        page.QuerySelector("#start-return").ShouldBeNull();
        page.QuerySelector("#report-defect").Text().ShouldBe("Signaler un article défectueux");
        page.QuerySelector("#withdraw-link").ShouldBeNull();
    }

    [Fact]
    public async Task The_statuses_follow_the_chosen_language()
    {
        var delivered = await DeliveryDayAsync("DEMO-1001");
        var client = await OpenOrderAsync("DEMO-1001", "client@example.fr");
        var french = await client.GetDocumentAsync("/returns/order");
        using var switched = await client.SubmitAsync(french, "#culture-form", new Dictionary<string, string>(), "culture", "en-GB");

        var page = await client.GetDocumentAsync("/returns/order");

        Statuses(page)[0].ShouldBe($"Returnable until {Day(delivered.AddDays(30), English)} (1 of 1)");
        Statuses(page)[2].ShouldStartWith("Hygiene item: cannot be returned once opened — a defect is still covered");
        page.QuerySelector("#start-return").Text().ShouldBe("Return items");
        page.QuerySelector("#withdraw-link").Text().ShouldBe("Withdraw from contract here");
    }

    [Fact]
    public async Task A_line_returned_in_full_says_so()
    {
        // A seeded order with a line fully taken by a return still in progress or finished (not cancelled or expired).
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var (number, email, sku) = await (from r in db.Returns
                                          join rl in db.ReturnLines on r.Id equals rl.ReturnRequestId
                                          join l in db.OrderLines on rl.OrderLineId equals l.Id
                                          where rl.Quantity == l.Quantity && r.Status == ReturnStatus.Closed
                                          orderby r.Id
                                          select new ValueTuple<string, string, string>(r.Order!.Number, r.Order.Email, l.Variant!.Sku))
            .FirstAsync();
        var client = await OpenOrderAsync(number, email);

        var page = await client.GetDocumentAsync("/returns/order");

        var line = page.QuerySelector($".order-line[data-sku='{sku}'] .line-status").ShouldNotBeNull();
        Normalise(line.TextContent).ShouldBe("Déjà retourné");
    }

    private async Task<HttpClient> OpenOrderAsync(string number, string email)
    {
        var client = factory.CreateBrowserLikeClient();
        var find = await client.GetDocumentAsync("/returns");
        using var response = await client.SubmitAsync(find, "main form", new Dictionary<string, string>
        {
            ["Form.OrderNumber"] = number,
            ["Form.Email"] = email,
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return client;
    }

    private async Task<DateOnly> DeliveryDayAsync(string number)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var delivered = await db.Orders.Where(o => o.Number == number).Select(o => o.DeliveredAt).SingleAsync();
        return ReturnEligibility.ParisDate(delivered!.Value);
    }

    private static string[] Statuses(IHtmlDocument page) =>
        page.QuerySelectorAll(".order-line .line-status").Select(e => Normalise(e.TextContent)).ToArray();

    private static string Day(DateOnly day, CultureInfo culture) => day.ToString("d MMM yyyy", culture);

    private static string Normalise(string text) => Spaces().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
