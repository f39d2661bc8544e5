using System.Security.Claims;
using ReturnsPortal.Domain.Staff;

namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// <c>Warehouse:DeductionLimits:{Role}</c>: the largest manual deduction, per line, in the order's currency (major
/// units), that a member of the role may decide (ADR 0034). A role without an entry (Manager, Admin) is unlimited; a
/// person with several roles gets the largest of their limits.
/// </summary>
public sealed class WarehouseOptions
{
    public const string Section = "Warehouse";

    public Dictionary<string, decimal> DeductionLimits { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [StaffRoles.Inspector] = 20m,
        [StaffRoles.Agent] = 50m,
    };

    /// <summary>The limit of <paramref name="user"/>, or null when one of their roles has none.</summary>
    public Money? DeductionLimitFor(ClaimsPrincipal user, string currency)
    {
        ArgumentNullException.ThrowIfNull(user);
        var roles = StaffRoles.All.Where(user.IsInRole).ToList();
        if (roles.Count == 0)
        {
            return Money.Zero(currency);
        }
        if (roles.Any(r => !DeductionLimits.ContainsKey(r)))
        {
            return null;
        }
        var euros = roles.Max(r => Math.Max(0m, DeductionLimits[r]));
        return new Money((long)Math.Round(euros * 100m, MidpointRounding.AwayFromZero), currency);
    }
}
