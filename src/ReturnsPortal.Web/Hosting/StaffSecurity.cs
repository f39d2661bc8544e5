using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ReturnsPortal.Web.Hosting;

public static class StaffSecurity
{
    /// <summary>
    /// <c>Staff:SessionValidationInterval</c>: how often a staff cookie is checked against the database (security
    /// stamp, disabled flag, roles). One minute by default: a disabled account loses its open sessions within a
    /// minute at the cost of one user lookup per minute per session. Tests use zero.
    /// </summary>
    public static readonly TimeSpan DefaultSessionValidationInterval = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddStaffSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var interval = configuration.GetValue("Staff:SessionValidationInterval", DefaultSessionValidationInterval);
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = interval);
        // Replaces Identity's validator: a disabled account is refused even while its security stamp still matches.
        services.Replace(ServiceDescriptor.Scoped<ISecurityStampValidator, StaffSecurityStampValidator>());
        services.AddValidatedOptions<QueueOptions>(configuration, QueueOptions.Section);
        services.AddValidatedOptions<WarehouseOptions>(configuration, WarehouseOptions.Section)
            .Validate(o => o.DeductionLimits.Values.All(v => v >= 0), "Warehouse:DeductionLimits must not be negative.");
        return services;
    }
}
