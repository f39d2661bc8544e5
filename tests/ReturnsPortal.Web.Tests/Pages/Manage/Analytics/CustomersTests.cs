using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Manage.Analytics;

public sealed class CustomersTests_Sqlite(SqlitePortalFactory factory) : CustomersTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class CustomersTests_Postgres(PostgresPortalFactory factory) : CustomersTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>/manage/analytics/customers: the rule in words, the distribution table and the serial returners list.</summary>
public abstract class CustomersTests(PortalFactory factory)
{
    /// <summary>A customer with six one-unit orders in the last months, five of them returned.</summary>
    private Task<string> SerialCustomerAsync() => factory.WithScopeAsync(async services =>
    {
        var db = services.GetRequiredService<ReturnsDbContext>();
        var email = $"serial-{Guid.NewGuid():N}@example.fr";
        var variant = await db.Variants.OrderBy(v => v.Id).FirstAsync(v => v.Product!.NonReturnableReason == null);
        var policy = await db.Policies.Where(p => p.IsDefault).OrderBy(p => p.Id).FirstAsync();
        var reason = await db.Reasons.OrderBy(r => r.Id).FirstAsync();
        for (var i = 0; i < 6; i++)
        {
            var placed = DateTime.UtcNow.AddDays(-100 + (i * 10));
            var order = new Order
            {
                Number = $"SER-{email[7..15]}-{i}",
                Email = email,
                CustomerName = "Série",
                Postcode = "75011",
                PlacedAt = placed,
                DeliveredAt = placed.AddDays(2),
            };
            var line = new OrderLine { VariantId = variant.Id, Quantity = 1, UnitPricePaid = Money.Eur(2_500) };
            order.Lines.Add(line);
            db.Add(order);
            await db.SaveChangesAsync();
            if (i < 5)
            {
                db.Add(ReturnRequest.Create(RmaNumber.Generate(), order, policy, [new ReturnLine(line.Id, 1, reason.Id, null)],
                    Resolution.Refund, ReturnMethod.InStore, null, await db.Warehouses.OrderBy(w => w.Id).Select(w => w.Id).FirstAsync(), "fr", "customer", placed.AddDays(4)));
                await db.SaveChangesAsync();
            }
        }
        return email;
    });

    [Fact]
    public async Task A_manager_reaches_the_list_from_the_dashboard_and_sees_the_serial_returner_with_the_rule()
    {
        var email = await SerialCustomerAsync();
        var manager = await factory.SignedInAsync("manager@example.fr");

        var dashboard = await manager.GetDocumentAsync("/manage/analytics");
        var href = dashboard.QuerySelector("a#customers-link").ShouldNotBeNull().GetAttribute("href");
        href.ShouldBe("/manage/analytics/customers");
        var page = await manager.GetDocumentAsync(href!);

        page.QuerySelector("h1").Text().ShouldBe("Clients et retours en série");
        page.QuerySelector("#serial-rule").Text().ShouldContain("au moins 5 retours");
        page.QuerySelectorAll("#rate-distribution tbody tr").Length.ShouldBe(6);
        var row = page.QuerySelectorAll("#serial-returners tbody tr").Single(r => r.Text().Contains(email, StringComparison.Ordinal));
        var cells = row.QuerySelectorAll("th, td").Select(c => c.Text().Trim()).ToList();
        cells[1..5].ShouldBe(["5", "5", "6", "83 %"]);
        cells[5].ShouldContain("125,00");
    }

    [Fact]
    public async Task The_page_is_in_english_too_and_refused_to_an_agent()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");
        var page = await manager.GetDocumentAsync("/manage/analytics/customers?culture=en-GB");
        page.QuerySelector("h1").Text().ShouldBe("Customers and serial returners");
        page.QuerySelector("#serial-rule").Text().ShouldContain("at least 5 returns");

        var agent = await factory.SignedInAsync("agent@example.fr");
        using var response = await agent.GetAsync(new Uri("/manage/analytics/customers", UriKind.Relative));
        ((int)response.StatusCode).ShouldBeOneOf(403, 302);
    }
}
