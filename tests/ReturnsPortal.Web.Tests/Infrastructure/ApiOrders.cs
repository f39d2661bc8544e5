using System.Text.Json;

namespace ReturnsPortal.Web.Tests.Infrastructure;

/// <summary>The body of <c>POST /api/v1/orders</c> for one order of the demo catalogue, as a shop's integration sends it.</summary>
public static class ApiOrders
{
    public static string Json(string number, string email, params (string Sku, int Quantity, decimal Price)[] lines) => JsonSerializer.Serialize(new
    {
        number,
        email,
        firstName = "Léa",
        lastName = "Martin",
        language = "fr",
        address = new { line1 = "3 rue de la Paix", postcode = "75002", city = "Paris", country = "FR" },
        placedAt = "2026-11-20T09:30:00Z",
        deliveredAt = "2026-11-22T12:00:00+01:00",
        paymentMethod = "card",
        currency = "EUR",
        lines = lines.Select(l => new { sku = l.Sku, quantity = l.Quantity, unitPrice = l.Price }),
    });
}
