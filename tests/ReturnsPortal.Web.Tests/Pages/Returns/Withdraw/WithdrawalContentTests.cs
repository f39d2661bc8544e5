using System.Globalization;
using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Web.Pages.Returns.Withdraw;
using ReturnsPortal.Web.Tests.Notifications;

namespace ReturnsPortal.Web.Tests.Pages.Returns.Withdraw;

/// <summary>The withdrawal record's content, word for word as it was stored before the wording moved to the resources.</summary>
public sealed class WithdrawalContentTests
{
    // 22:30 UTC on 10 March 2026 is 23:30 in Paris (UTC+1): the delivery day is 10 March.
    private static readonly DateTime LateEveningDelivery = new(2026, 3, 10, 22, 30, 0, DateTimeKind.Utc);

    [Fact]
    public void In_English_the_order_its_delivery_day_in_Paris_and_its_items()
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fr-FR");

        WithdrawalContent.Compose(NewOrder(LateEveningDelivery), "en", EmailWordsTests.Words)
            .ShouldBe("Order CMD-000042, delivered on 10 March 2026\n2 × Basket Lin (SKU-42), €49.90");
        CultureInfo.CurrentUICulture.Name.ShouldBe("fr-FR", "the request's culture is put back");
    }

    [Fact]
    public void In_French_with_French_dates_and_prices()
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-GB");

        WithdrawalContent.Compose(NewOrder(LateEveningDelivery), "fr", EmailWordsTests.Words)
            .ShouldBe($"Commande CMD-000042, livrée le 10 mars 2026\n2 × Basket Lin (SKU-42), {Money.Eur(4990).Format(ShopLanguage.FrenchCulture)}");
    }

    [Fact]
    public void Before_delivery_the_record_says_the_order_is_not_delivered_yet()
    {
        WithdrawalContent.Compose(NewOrder(deliveredAt: null), "fr", EmailWordsTests.Words).ShouldContain("pas encore livrée");
        WithdrawalContent.Compose(NewOrder(deliveredAt: null), "en", EmailWordsTests.Words).ShouldStartWith("Order CMD-000042, not delivered yet\n");
    }

    private static Order NewOrder(DateTime? deliveredAt)
    {
        var product = new Product { Code = "P", Name = "Basket Lin", Category = new Category { Code = "C", NameFr = "Chaussures", NameEn = "Shoes" } };
        var variant = new ProductVariant { Sku = "SKU-42", Product = product, Price = Money.Eur(4990) };
        var order = new Order
        {
            Number = "CMD-000042",
            Email = "client@example.fr",
            CustomerName = "Camille Martin",
            Postcode = "69003",
            PlacedAt = new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc),
            DeliveredAt = deliveredAt,
        };
        order.Lines.Add(new OrderLine { Variant = variant, Quantity = 2, UnitPricePaid = Money.Eur(4990) });
        return order;
    }
}
