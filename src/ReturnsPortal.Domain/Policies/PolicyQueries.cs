using ReturnsPortal.Domain.Persistence;

namespace ReturnsPortal.Domain.Policies;

public static class PolicyQueries
{
    /// <summary>A version with every term (fees, overrides, checklist, seasons).</summary>
    public static IQueryable<ReturnPolicy> WithTerms(this IQueryable<ReturnPolicy> policies) =>
        policies
            .Include(p => p.MethodFees)
            .Include(p => p.CategoryOverrides)
            .Include(p => p.Checklist)
            .Include(p => p.SeasonalExtensions)
            .Include(p => p.ProductOverrides)
            .Include(p => p.ReasonResolutions)
            .AsSplitQuery();

    /// <summary>
    /// The version in force (ADR 0080), first: the default one, the lowest id if several are marked so. The one
    /// definition of "current policy"; take <c>First</c> of it.
    /// </summary>
    public static IQueryable<ReturnPolicy> InForce(this IQueryable<ReturnPolicy> policies) =>
        policies.Where(p => p.IsDefault).OrderBy(p => p.Id);

    /// <summary>The version in force with every term (see <see cref="InForce"/>).</summary>
    public static Task<ReturnPolicy?> CurrentAsync(this IQueryable<ReturnPolicy> policies, CancellationToken ct) =>
        policies.WithTerms().InForce().FirstOrDefaultAsync(ct);

    /// <summary>The lowest price of a returnable item in the catalogue: no label fee may exceed it (ADR 0081).</summary>
    public static async Task<Money?> CheapestReturnablePriceAsync(this ReturnsDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var cheapest = await db.Variants.AsNoTracking()
            .Where(v => v.Product!.NonReturnableReason == null && v.Price.Currency == Money.Euro)
            .OrderBy(v => v.Price.Minor)
            .Select(v => (long?)v.Price.Minor)
            .FirstOrDefaultAsync(ct);
        return cheapest is { } minor ? Money.Eur(minor) : null;
    }
}
