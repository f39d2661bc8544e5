namespace ReturnsPortal.Domain.Logistics;

public sealed record NearbyPoint(DropOffPoint Point, double DistanceKm);
