using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Domain.Logistics;

namespace ReturnsPortal.Domain.Tests.Logistics;

public sealed class DropOffSearchTests
{
    private static DropOffPoint Point(string name, string postcode, double lat, double lon) => new()
    {
        Code = name,
        Name = name,
        Carrier = "Relais",
        OpeningHours = "9h–19h",
        Latitude = lat,
        Longitude = lon,
        Address = new PostalAddress { Line1 = "1 rue", Postcode = postcode, City = "Ville" },
    };

    private static readonly DropOffPoint[] Points =
    [
        Point("Lyon Part-Dieu", "69003", 45.7600, 4.8600),
        Point("Lyon Guillotière", "69007", 45.7450, 4.8420),
        Point("Villeurbanne", "69100", 45.7660, 4.8800),
        Point("Paris Voltaire", "75011", 48.8590, 2.3800),
    ];

    [Fact]
    public void Points_come_nearest_first_with_their_distance()
    {
        var nearest = DropOffSearch.Nearest("69003", Points, 3);

        nearest.Select(n => n.Point.Name).ShouldBe(["Lyon Part-Dieu", "Villeurbanne", "Lyon Guillotière"]);
        nearest[0].DistanceKm.ShouldBe(0);
        nearest[1].DistanceKm.ShouldBeInRange(1.0, 2.5);
    }

    [Fact]
    public void A_postcode_without_points_is_placed_at_the_centre_of_its_departement()
    {
        var nearest = DropOffSearch.Nearest("69009", Points, 10);

        nearest.Count.ShouldBe(4);
        nearest[^1].Point.Name.ShouldBe("Paris Voltaire");
        nearest[^1].DistanceKm.ShouldBeGreaterThan(380);
    }

    [Theory]
    [InlineData("29000")]
    [InlineData("6900")]
    [InlineData("ABCDE")]
    public void An_unknown_or_malformed_postcode_finds_nothing(string postcode) =>
        DropOffSearch.Nearest(postcode, Points, 5).ShouldBeEmpty();

    [Fact]
    public void Paris_to_Lyon_is_about_390_km() =>
        DropOffSearch.DistanceKm(48.8566, 2.3522, 45.7640, 4.8357).ShouldBeInRange(385, 400);

    [Fact]
    public void Pickup_days_are_the_next_working_days()
    {
        var friday = new DateOnly(2026, 11, 27);

        DropOffSearch.NextWorkingDays(friday, 3).ShouldBe([new(2026, 11, 30), new(2026, 12, 1), new(2026, 12, 2)]);
    }
}
