using Microsoft.AspNetCore.Identity;

namespace ReturnsPortal.Domain.Staff;

public static class StaffRoles
{
    public const string Inspector = "Inspector";
    public const string Agent = "Agent";
    public const string Manager = "Manager";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Inspector, Agent, Manager, Admin];
}

/// <summary>A warehouse or office account; created by an admin, never self-registered.</summary>
public sealed class StaffUser : IdentityUser
{
    public const int DisplayNameLength = 100;

    public string DisplayName { get; set; } = "";
    public bool IsDisabled { get; set; }
}
