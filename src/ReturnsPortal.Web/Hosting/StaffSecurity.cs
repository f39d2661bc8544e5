using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ReturnsPortal.Web.Hosting;

public static class StaffSecurity
{
    public static IServiceCollection AddStaffSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<StaffOptions>(configuration, StaffOptions.Section);
        services.AddOptions<SecurityStampValidatorOptions>()
            .Configure<IOptions<StaffOptions>>((o, staff) => o.ValidationInterval = staff.Value.SessionValidationInterval);
        // Replaces Identity's validator: a disabled account is refused even while its security stamp still matches.
        services.Replace(ServiceDescriptor.Scoped<ISecurityStampValidator, StaffSecurityStampValidator>());
        services.AddValidatedOptions<QueueOptions>(configuration, QueueOptions.Section);
        services.AddValidatedOptions<WarehouseOptions>(configuration, WarehouseOptions.Section)
            .Validate(o => o.DeductionLimits.Values.All(v => v >= 0), "Warehouse:DeductionLimits must not be negative.");
        return services;
    }
}
