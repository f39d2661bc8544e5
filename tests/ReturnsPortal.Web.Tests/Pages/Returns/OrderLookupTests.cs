using ReturnsPortal.Web.Pages.Returns;

namespace ReturnsPortal.Web.Tests.Pages.Returns;

/// <summary>The last name that goes with a postcode (ADR 0122): trimmed, without case or accents.</summary>
public sealed class OrderLookupTests
{
    [Theory]
    [InlineData("Martin", "Martin", "Camille Martin", true)]
    [InlineData("  MARTIN ", "Martin", "Camille Martin", true)]
    [InlineData("lefevre", "Lefèvre", "Zoé Lefèvre", true)]
    [InlineData("LEFÈVRE", "Lefevre", "Zoé Lefevre", true)]
    [InlineData("de  la tour", "de La Tour", "Anne de La Tour", true)]
    [InlineData("Martine", "Martin", "Camille Martin", false)]
    [InlineData("Camille", "Martin", "Camille Martin", false)]
    [InlineData(" ", "Martin", "Camille Martin", false)]
    // Without a customer record: the end of the order's full name.
    [InlineData("martin", null, "Camille Martin", true)]
    [InlineData("La Tour", null, "Anne de La Tour", true)]
    [InlineData("tin", null, "Camille Martin", false)]
    [InlineData("Camille", null, "Camille Martin", false)]
    public void A_last_name_matches_trimmed_without_case_or_accents(string typed, string? lastName, string fullName, bool matches) =>
        OrderLookup.IsLastName(typed, lastName, fullName).ShouldBe(matches);
}
