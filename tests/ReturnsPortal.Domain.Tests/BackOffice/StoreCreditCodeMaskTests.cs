using ReturnsPortal.Domain.BackOffice;

namespace ReturnsPortal.Domain.Tests.BackOffice;

/// <summary>A store-credit code as roles below Agent see it (ADR 0124): the last 4 characters only.</summary>
public sealed class StoreCreditCodeMaskTests
{
    [Theory]
    [InlineData("7KQ4-M2XP-ABCD-EFGH", "••••-••••-••••-EFGH")]
    [InlineData("7KQ4-M2XP-ABCD-EF-GH", "••••-••••-••••-EF-GH")]
    [InlineData("ABC", "ABC")]
    [InlineData("", "")]
    public void Only_the_last_four_characters_are_kept(string code, string masked) =>
        StoreCreditAccount.MaskCode(code).ShouldBe(masked);

    [Fact]
    public void A_generated_code_masked_keeps_nothing_but_its_last_group()
    {
        var code = StoreCreditAccount.NewCode();
        var masked = StoreCreditAccount.MaskCode(code);

        masked[..15].ShouldBe("••••-••••-••••-");
        masked[15..].ShouldBe(code[15..]);
    }
}
