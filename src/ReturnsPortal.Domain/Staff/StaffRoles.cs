namespace ReturnsPortal.Domain.Staff;

public static class StaffRoles
{
    public const string Inspector = "Inspector";
    public const string Agent = "Agent";
    public const string Manager = "Manager";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Inspector, Agent, Manager, Admin];
}
