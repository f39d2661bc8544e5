using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Staff;

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

/// <summary>Checks a staff cookie like Identity does, and additionally refuses accounts an admin has disabled.</summary>
public sealed class StaffSecurityStampValidator(
    IOptions<SecurityStampValidatorOptions> options, SignInManager<StaffUser> signInManager, ILoggerFactory logger)
    : SecurityStampValidator<StaffUser>(options, signInManager, logger)
{
    protected override async Task<StaffUser?> VerifySecurityStamp(ClaimsPrincipal? principal)
    {
        var user = await base.VerifySecurityStamp(principal);
        return user is { IsDisabled: false } ? user : null;
    }
}

/// <summary>The <c>Staff</c> section.</summary>
public sealed class StaffOptions
{
    public const string Section = "Staff";

    /// <summary>
    /// <c>Staff:SessionValidationInterval</c>: how often a staff cookie is checked against the database (security
    /// stamp, disabled flag, roles). One minute by default: a disabled account loses its open sessions within a
    /// minute at the cost of one user lookup per minute per session. Tests use zero.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Staff:SessionValidationInterval must be between {1} and {2}.")]
    public TimeSpan SessionValidationInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// <c>Returns:RefundServiceLevelDays</c>: a fallback only. The refund deadline after receipt follows the service level of
/// each return's own policy version (<c>ReturnPolicy.RefundServiceDays</c>, ADR 0038); this stands in for a version
/// whose days are outside 1–14 (none the policy editor can save).
/// </summary>
public sealed class QueueOptions
{
    public const string Section = "Returns";

    [Range(1, 365, ErrorMessage = "Returns:RefundServiceLevelDays must be between {1} and {2}.")]
    public int RefundServiceLevelDays { get; set; } = ReturnDeadlines.DefaultRefundServiceLevelDays;
}
