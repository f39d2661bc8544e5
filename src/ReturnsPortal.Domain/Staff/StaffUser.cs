using Microsoft.AspNetCore.Identity;

namespace ReturnsPortal.Domain.Staff;

/// <summary>A warehouse or office account; created by an admin, never self-registered.</summary>
public sealed class StaffUser : IdentityUser
{
    public const int DisplayNameLength = 100;

    public string DisplayName { get; set; } = "";
    public bool IsDisabled { get; set; }
}
