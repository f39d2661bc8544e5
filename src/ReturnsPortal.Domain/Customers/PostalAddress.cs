namespace ReturnsPortal.Domain.Customers;

/// <summary>A French-style postal address, stored inline with its owner.</summary>
public sealed record PostalAddress
{
    public const int LineLength = 200;
    public const int PostcodeLength = 10;
    public const int CityLength = 100;

    public required string Line1 { get; init; }
    public string? Line2 { get; init; }
    public required string Postcode { get; init; }
    public required string City { get; init; }
    public string Country { get; init; } = "FR";
}
