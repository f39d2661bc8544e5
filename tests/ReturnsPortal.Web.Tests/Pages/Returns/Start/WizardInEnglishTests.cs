using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Hosting;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Returns.Start;

/// <summary>
/// A customer who chose English reads English on the order and the wizard: colour names, drop-off opening hours, quotes
/// (issue 15 item 12: "Colour Noir", "Lun–Sam 7h–20h", « »).
/// </summary>
public abstract partial class WizardInEnglishTests(PortalFactory factory)
{
    [Fact]
    public async Task Colours_opening_hours_and_quotes_are_english_in_english()
    {
        var order = await NewOrderAsync();
        var client = await OpenInEnglishAsync(order.Number, order.Email);

        var orderPage = await client.GetDocumentAsync("/returns/order");
        var line = orderPage.QuerySelector(".order-line").Text();
        line.ShouldContain("Colour Black");
        line.ShouldNotContain("Noir", Case.Sensitive);

        var items = await client.GetDocumentAsync("/returns/start");
        items.QuerySelector("main").Text().ShouldContain("Colour Black");
        (await RedirectAsync(client.SubmitFormAsync(items, "#items-form", new Dictionary<string, string> { ["Lines[0].Quantity"] = "1" })))
            .ShouldBe("/returns/start/reason");
        var reason = await client.GetDocumentAsync("/returns/start/reason");
        await RedirectAsync(client.SubmitMultipartAsync(reason, "#reason-form", new Dictionary<string, string>
        {
            ["Lines[0].ReasonId"] = await ReasonIdAsync("too_small"),
            ["Lines[0].Comment"] = "too small",
        }, []));
        var solution = await client.GetDocumentAsync("/returns/start/solution");
        (await RedirectAsync(client.SubmitFormAsync(solution, "#solution-form", new Dictionary<string, string> { ["Resolution"] = "Refund" })))
            .ShouldBe("/returns/start/shipping");

        var shipping = await client.GetDocumentAsync("/returns/start/shipping");
        var points = shipping.QuerySelectorAll(".dropoff-point").Select(p => p.Text()).ToList();
        points.ShouldNotBeEmpty();
        points.ShouldAllBe(p => !FrenchHours().IsMatch(p));
        points.ShouldContain(p => p.Contains("Mon", StringComparison.Ordinal));

        (await RedirectAsync(client.SubmitFormAsync(shipping, "#shipping-form", new Dictionary<string, string> { ["Form.Method"] = "InStore" })))
            .ShouldBe("/returns/start/review");
        var review = await client.GetDocumentAsync("/returns/start/review");
        review.QuerySelector(".review-comment").Text().ShouldBe("“too small”");
        review.QuerySelector("main").Text().ShouldNotContain("«");
    }

    [Theory]
    [InlineData("Lun–Sam 7h–20h", "Mon–Sat 7:00–20:00")]
    [InlineData("Lun–Sam 8h–19h30, Dim 8h–13h", "Mon–Sat 8:00–19:30, Sun 8:00–13:00")]
    [InlineData("Mar–Sam 9h–12h30, 14h–19h", "Tue–Sat 9:00–12:30, 14:00–19:00")]
    [InlineData("Marseille : Lun–Ven 9h–18h", "Marseille : Mon–Fri 9:00–18:00")]
    public void Opening_hours_are_rewritten_for_english_and_kept_for_french(string stored, string english)
    {
        CultureText.OpeningHours(stored, CultureInfo.GetCultureInfo("en-GB")).ShouldBe(english);
        CultureText.OpeningHours(stored, CultureInfo.GetCultureInfo("fr-FR")).ShouldBe(stored);
    }

    // French day abbreviations or times written "7h", "19h30".
    [GeneratedRegex(@"\b(Lun|Mar|Mer|Jeu|Ven|Sam|Dim)\b|\d+h\d*\b")]
    private static partial Regex FrenchHours();

    private async Task<HttpClient> OpenInEnglishAsync(string number, string email)
    {
        var client = factory.CreateBrowserLikeClient();
        var home = await client.GetDocumentAsync("/returns");
        using (await client.SubmitAsync(home, "#culture-form", new Dictionary<string, string>(), "culture", "en-GB"))
        {
        }
        var page = await client.GetDocumentAsync("/returns");
        using var response = await client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Form.OrderNumber"] = number,
            ["Form.Email"] = email,
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return client;
    }

    private static async Task<string> RedirectAsync(Task<HttpResponseMessage> post)
    {
        using var response = await post;
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return response.Headers.Location!.OriginalString;
    }

    private async Task<string> ReasonIdAsync(string code)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        return (await db.Reasons.SingleAsync(r => r.Code == code)).Id.ToString(CultureInfo.InvariantCulture);
    }

    private async Task<(string Number, string Email)> NewOrderAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var key = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var variant = await db.Variants.SingleAsync(v => v.Sku == "VET-TSH-001-M-NOIR");
        var now = DateTime.UtcNow;
        var order = new Order
        {
            Number = $"TEST-EN-{key}",
            Email = $"test-en-{key.ToLowerInvariant()}@example.fr",
            CustomerName = "Test Client",
            Postcode = "75011",
            PlacedAt = now.AddDays(-6),
            ShippedAt = now.AddDays(-5),
            DeliveredAt = now.AddDays(-3),
        };
        order.Lines.Add(new OrderLine { VariantId = variant.Id, Quantity = 1, UnitPricePaid = Money.Eur(1990) });
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return (order.Number, order.Email);
    }
}

public sealed class WizardInEnglishTests_Sqlite(SqlitePortalFactory factory) : WizardInEnglishTests(factory), IClassFixture<SqlitePortalFactory>;
