namespace ReturnsPortal.Domain.Logistics;

/// <summary>
/// Nearest drop-off points for a postcode, without a geocoding service: the postcode's position is approximated
/// by the centre of the points with that postcode, else of those in the same département (first two digits).
/// </summary>
public static class DropOffSearch
{
    public static bool IsPostcode(string? postcode) => postcode is { Length: 5 } && postcode.All(char.IsAsciiDigit);

    public static (double Latitude, double Longitude)? Locate(string postcode, IReadOnlyCollection<DropOffPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var same = points.Where(p => p.Address.Postcode == postcode).ToList();
        if (same.Count == 0)
        {
            same = points.Where(p => p.Address.Postcode.Length >= 2 && postcode.Length >= 2 && p.Address.Postcode[..2] == postcode[..2]).ToList();
        }
        return same.Count == 0 ? null : (same.Average(p => p.Latitude), same.Average(p => p.Longitude));
    }

    public static IReadOnlyList<NearbyPoint> Nearest(string postcode, IReadOnlyCollection<DropOffPoint> points, int count)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (!IsPostcode(postcode) || Locate(postcode, points) is not { } centre)
        {
            return [];
        }
        return points
            .Where(p => p.IsActive)
            .Select(p => new NearbyPoint(p, Math.Round(DistanceKm(centre.Latitude, centre.Longitude, p.Latitude, p.Longitude), 1)))
            .OrderBy(n => n.DistanceKm).ThenBy(n => n.Point.Name, StringComparer.Ordinal)
            .Take(count)
            .ToList();
    }

    /// <summary>Great-circle distance (haversine), in kilometres.</summary>
    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        const double EarthRadiusKm = 6371.0;
        static double Radians(double degrees) => degrees * Math.PI / 180.0;
        var dLat = Radians(lat2 - lat1);
        var dLon = Radians(lon2 - lon1);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) +
                (Math.Cos(Radians(lat1)) * Math.Cos(Radians(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>The next working days (Monday to Friday) after today, for a carrier pickup.</summary>
    public static IReadOnlyList<DateOnly> NextWorkingDays(DateOnly today, int count)
    {
        var days = new List<DateOnly>(count);
        for (var day = today.AddDays(1); days.Count < count; day = day.AddDays(1))
        {
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                days.Add(day);
            }
        }
        return days;
    }
}
