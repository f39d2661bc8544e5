namespace ReturnsPortal.Domain.Staff;

public static class StaffRoles
{
    public const string Inspector = "Inspector";
    public const string Agent = "Agent";
    public const string Manager = "Manager";
    public const string Admin = "Admin";
    /// <summary>Pays refunds from the finance queue (ADR 0117); sees nothing of the warehouse.</summary>
    public const string Finance = "Finance";

    public static readonly IReadOnlyList<string> All = [Inspector, Agent, Manager, Admin, Finance];

    /// <summary>The roles that work returns in the warehouse and customer service: every role but Finance.</summary>
    public static readonly IReadOnlyList<string> Warehouse = [Inspector, Agent, Manager, Admin];
}
