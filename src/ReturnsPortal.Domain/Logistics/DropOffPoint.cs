using ReturnsPortal.Domain.Customers;

namespace ReturnsPortal.Domain.Logistics;

/// <summary>A relay point where customers drop their parcel (a shop of a carrier network).</summary>
public sealed class DropOffPoint : IVersioned
{
    public const int CodeLength = 20;
    public const int NameLength = 100;
    public const int CarrierLength = 40;
    public const int HoursLength = 300;

    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string Carrier { get; set; }
    public required PostalAddress Address { get; set; }
    public double Latitude { get; set; }
    public double Longitude { get; set; }
    /// <summary>Human-readable opening hours, e.g. "Lun–Sam 9h–19h".</summary>
    public required string OpeningHours { get; set; }
    public bool IsActive { get; set; } = true;
    /// <summary>Concurrency token: two managers editing the same point cannot overwrite each other.</summary>
    public int Version { get; set; }
}
