using System.Text.RegularExpressions;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Tests.Returns;

public sealed class RmaNumberTests
{
    private static readonly Regex Format = new($"^RP-[{RmaNumber.Alphabet}]{{4}}-[{RmaNumber.Alphabet}]{{4}}$", RegexOptions.None, TimeSpan.FromSeconds(1));

    [Fact]
    public void A_generated_number_is_RP_then_two_groups_of_four_from_the_alphabet()
    {
        for (var i = 0; i < 1000; i++)
        {
            var rma = RmaNumber.Generate();
            rma.Length.ShouldBe(RmaNumber.Length);
            Format.IsMatch(rma).ShouldBeTrue(rma);
        }
    }

    [Fact]
    public void Generation_uses_the_random_source_over_the_whole_alphabet()
    {
        RmaNumber.Generate(_ => 0).ShouldBe("RP-3333-3333");
        RmaNumber.Generate(n => n - 1).ShouldBe("RP-YYYY-YYYY");
        var i = 0;
        RmaNumber.Generate(_ => i++).ShouldBe("RP-3467-9ACD");
    }

    [Fact]
    public void The_alphabet_has_no_look_alike_characters()
    {
        foreach (var ambiguous in "0O1IL5S8B2ZUV")
        {
            RmaNumber.Alphabet.ShouldNotContain(ambiguous);
        }
        RmaNumber.Alphabet.Distinct().Count().ShouldBe(RmaNumber.Alphabet.Length);
        RmaNumber.Alphabet.ShouldBe(RmaNumber.Alphabet.ToUpperInvariant());
    }

    [Theory]
    [InlineData("RP-7KXM-4QHT")]
    [InlineData("rp-7kxm-4qht")]
    [InlineData("rp 7kxm 4qht")]
    [InlineData("  RP7KXM4QHT  ")]
    [InlineData("7KXM4QHT")]
    [InlineData("7kxm-4qht")]
    [InlineData("RP_7KXM/4QHT")]
    public void Normalise_accepts_what_people_type(string typed) =>
        RmaNumber.Normalise(typed).ShouldBe("RP-7KXM-4QHT");

    [Theory]
    [InlineData("RPAC7KXM", "RP-RPAC-7KXM")]
    [InlineData("rpac 7kxm", "RP-RPAC-7KXM")]
    [InlineData("RP-RPAC-7KXM", "RP-RPAC-7KXM")]
    [InlineData("RPRPAC7KXM", "RP-RPAC-7KXM")]
    public void Normalise_keeps_a_number_whose_first_group_starts_with_RP(string typed, string expected) =>
        RmaNumber.Normalise(typed).ShouldBe(expected);

    [Theory]
    [InlineData("RP-7KXM-4QH0")]
    [InlineData("RP-7KXM-4QHO")]
    [InlineData("RP-1KXM-4QHT")]
    [InlineData("RP-IKXM-4QHT")]
    [InlineData("RP-LKXM-4QHT")]
    [InlineData("RP-5KXM-4QHT")]
    [InlineData("RP-SKXM-4QHT")]
    [InlineData("RP-8KXM-4QHT")]
    [InlineData("RP-BKXM-4QHT")]
    [InlineData("RP-2KXM-4QHT")]
    [InlineData("RP-ZKXM-4QHT")]
    [InlineData("RP-UKXM-4QHT")]
    [InlineData("RP-VKXM-4QHT")]
    public void Normalise_refuses_look_alike_characters(string typed) =>
        RmaNumber.Normalise(typed).ShouldBeNull();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("RP-")]
    [InlineData("RP-7KXM-4QH")]
    [InlineData("RP-7KXM-4QHTT")]
    [InlineData("XX-7KXM-4QHT")]
    public void Normalise_refuses_what_is_not_a_number(string? typed) =>
        RmaNumber.Normalise(typed).ShouldBeNull();

    [Fact]
    public void Normalise_gives_back_every_generated_number()
    {
        for (var i = 0; i < 1000; i++)
        {
            var rma = RmaNumber.Generate();
            RmaNumber.Normalise(rma).ShouldBe(rma);
            RmaNumber.Normalise(rma.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal)).ShouldBe(rma);
            RmaNumber.Normalise(rma[3..].Replace("-", "", StringComparison.Ordinal)).ShouldBe(rma);
        }
    }

    [Fact]
    public void Ten_thousand_generated_numbers_are_practically_unique()
    {
        // 23^8 ≈ 7.8e10 numbers: the chance of even one collision among 10,000 is about 0.06 %.
        var numbers = Enumerable.Range(0, 10_000).Select(_ => RmaNumber.Generate()).ToList();
        numbers.Distinct(StringComparer.Ordinal).Count().ShouldBeGreaterThanOrEqualTo(9_999);
    }
}
