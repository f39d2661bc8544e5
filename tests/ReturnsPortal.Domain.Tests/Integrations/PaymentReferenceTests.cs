using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Orders;

namespace ReturnsPortal.Domain.Tests.Integrations;

/// <summary>The order's payment reference (issue 18): what a PSP or a bank accepts, trimmed, checked before any save.</summary>
public sealed class PaymentReferenceTests
{
    [Theory]
    [InlineData("pi_3Nxy2ZLkdIwHu7ix0x1Yb2Qa")]
    [InlineData("PAYID-MZ3K7QA 1234/56")]
    [InlineData("  VIR-2026-11-0042  ")]
    public void Printable_ascii_up_to_100_characters_is_a_reference(string reference) =>
        Order.IsValidPaymentReference(reference).ShouldBeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("réf-été")]
    [InlineData("pi_3Nxy\nline")]
    [InlineData("pi_\t3Nxy")]
    public void Empty_accented_or_control_characters_are_not(string reference) =>
        Order.IsValidPaymentReference(reference).ShouldBeFalse();

    [Fact]
    public void The_length_limit_is_counted_after_trimming()
    {
        Order.IsValidPaymentReference(" " + new string('x', Order.PaymentReferenceLength) + " ").ShouldBeTrue();
        Order.IsValidPaymentReference(new string('x', Order.PaymentReferenceLength + 1)).ShouldBeFalse();
    }

    [Fact]
    public void The_order_keeps_the_reference_trimmed_and_refuses_a_bad_one_unchanged()
    {
        var order = new Order { Number = "A-1", Email = "a@example.org", CustomerName = "A B", Postcode = "75001" };

        order.SetPaymentReference("  pi_3Nxy  ");
        var refused = Should.Throw<DomainException>(() => order.SetPaymentReference("pi_été"));

        order.PaymentReference.ShouldBe("pi_3Nxy");
        refused.Code.ShouldBe("payment_reference");
    }

    [Fact]
    public void Incoming_order_data_names_a_bad_reference_and_lets_an_absent_one_pass()
    {
        OrderData Data(string? reference) => new("A-1", "a@example.org", "Léa", "Martin", "fr", "1 rue", null, "75001", "Paris", "FR",
            new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc), null, null, PaymentMethod.Card, "EUR", [new OrderLineData("SKU-1", 1, 100)])
        {
            PaymentReference = reference,
        };

        CatalogSync.Check(Data(null)).ShouldBeEmpty();
        CatalogSync.Check(Data("pi_3Nxy")).ShouldBeEmpty();
        CatalogSync.Check(Data("pi_€")).Select(e => (e.Field, e.Code)).ShouldBe([("paymentReference", "payment_reference")]);
    }
}
