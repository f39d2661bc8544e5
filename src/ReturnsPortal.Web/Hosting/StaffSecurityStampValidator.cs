using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ReturnsPortal.Domain.Staff;

namespace ReturnsPortal.Web.Hosting;

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
