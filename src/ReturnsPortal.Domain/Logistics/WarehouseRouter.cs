namespace ReturnsPortal.Domain.Logistics;

/// <summary>Picks the warehouse of a return (ADR 0083): pure, so every case is tested without a database.</summary>
public static class WarehouseRouter
{
    /// <summary>
    /// The first active category rule (by priority) that matches any line of the return, else the first active region
    /// rule that matches the customer, else <paramref name="defaultWarehouseId"/>.
    /// </summary>
    public static int Pick(IEnumerable<RoutingRule> rules, IReadOnlyCollection<int> categoryIds, string? postcode, string? country, int defaultWarehouseId)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var ordered = rules.Where(r => r.IsActive).OrderBy(r => r.IsRegion).ThenBy(r => r.Priority).ThenBy(r => r.Id);
        return ordered.FirstOrDefault(r => r.Matches(categoryIds, postcode, country))?.WarehouseId ?? defaultWarehouseId;
    }
}
