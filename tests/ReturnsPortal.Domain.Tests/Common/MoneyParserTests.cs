using ReturnsPortal.Domain.Common;

// Not ReturnsPortal.Domain.Tests.Common: that namespace would hide Domain.Common from tests that write Common.Money.
namespace ReturnsPortal.Domain.Tests;

/// <summary>The one parser of euro amounts: forms, CSV cells and JSON numbers all become cents the same way.</summary>
public sealed class MoneyParserTests
{
    [Theory]
    [InlineData("12,50", 1250)]
    [InlineData("12.50", 1250)]
    [InlineData(" 12,5 € ", 1250)]
    [InlineData("€3", 300)]
    [InlineData("1 234,56", 123456)]
    [InlineData("1\u00a0234,56", 123456)]
    [InlineData("1\u202f234.56", 123456)]
    [InlineData("0", 0)]
    [InlineData("-4,20", -420)]
    public void A_typed_amount_with_a_comma_or_a_point_becomes_cents(string text, long cents) =>
        MoneyParser.ParseMinor(text).ShouldBe(cents);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("12,505")]
    [InlineData("1,234.50")]
    [InlineData("12 %")]
    [InlineData("douze")]
    [InlineData("1e3")]
    [InlineData("9999999999999")]
    public void Anything_else_is_not_an_amount(string? text) =>
        MoneyParser.ParseMinor(text).ShouldBeNull();

    [Fact]
    public void A_decimal_becomes_cents_only_with_two_decimals_at_most()
    {
        MoneyParser.ToMinor(29.9m).ShouldBe(2990);
        MoneyParser.ToMinor(29.90m).ShouldBe(2990);
        MoneyParser.ToMinor(-1m).ShouldBe(-100);
        MoneyParser.ToMinor(0.001m).ShouldBeNull();
        MoneyParser.ToMinor(decimal.MaxValue).ShouldBeNull();
    }
}
