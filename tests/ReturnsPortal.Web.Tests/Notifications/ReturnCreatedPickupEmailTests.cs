using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Logistics;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Notifications;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Notifications;

/// <summary>The "return created" e-mail of a pickup return names the booked day and address (issue 15 item 8).</summary>
public abstract class ReturnCreatedPickupEmailTests(PortalFactory factory)
{
    [Theory]
    [InlineData("fr", "Imprimez l'étiquette et collez-la sur le colis : le transporteur viendra le chercher le {0} au 12 rue Oberkampf, 75011 Paris.")]
    [InlineData("en", "Print the label and stick it on the parcel: the carrier will collect it on {0} at 12 rue Oberkampf, 75011 Paris.")]
    public async Task A_pickup_return_email_says_the_booked_day_and_address(string language, string expected)
    {
        var (email, day) = await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            var key = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
            var variant = await db.Variants.SingleAsync(v => v.Sku == "CHA-BAS-001-38-BLANC");
            var now = DateTime.UtcNow;
            var order = new Order
            {
                Number = $"TEST-{key}",
                Email = $"p-{key.ToLowerInvariant()}@example.fr",
                CustomerName = "Camille Martin",
                Postcode = "75011",
                PlacedAt = now.AddDays(-6),
                ShippedAt = now.AddDays(-5),
                DeliveredAt = now.AddDays(-3),
            };
            order.Lines.Add(new OrderLine { VariantId = variant.Id, Quantity = 1, UnitPricePaid = Money.Eur(8900) });
            db.Orders.Add(order);
            await db.SaveChangesAsync();
            var starter = sp.GetRequiredService<ReturnStarter>();
            var reason = await db.Reasons.Where(r => r.Code == "too_small").Select(r => r.Id).SingleAsync();
            var day = DropOffSearch.NextWorkingDays(starter.TodayInParis, ReturnStarter.PickupDays)[0];
            var result = await starter.StartAsync(new StartReturnCommand(
                order.Id, [new StartLine(order.Lines[0].Id, 1, reason, null, null, [])], Resolution.Refund, ReturnMethod.Pickup, null,
                new StartPickup("12 rue Oberkampf", null, "75011", "Paris", day), language, "test-" + key), "customer", CancellationToken.None);
            result.Errors.ShouldBeEmpty();
            var content = await sp.GetRequiredService<CustomerEmails>().ComposeAsync(new OutboxMessage
            {
                Type = Domain.Notifications.MessageTypes.ReturnCreated,
                Payload = JsonSerializer.Serialize(new { rma = result.Rma }),
                DedupeKey = "test:" + key,
            }, CancellationToken.None);
            return (content!, day);
        });

        var date = day.ToString("dddd d MMMM yyyy", CultureInfo.GetCultureInfo(language == "en" ? "en-GB" : "fr-FR"));
        email.Text.ShouldContain(string.Format(CultureInfo.InvariantCulture, expected, date));
    }
}

public sealed class ReturnCreatedPickupEmailTests_Sqlite(SqlitePortalFactory factory) : ReturnCreatedPickupEmailTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class ReturnCreatedPickupEmailTests_Postgres(PostgresPortalFactory factory) : ReturnCreatedPickupEmailTests(factory), IClassFixture<PostgresPortalFactory>;
