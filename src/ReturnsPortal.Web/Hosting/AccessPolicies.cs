namespace ReturnsPortal.Web.Hosting;

public static class AccessPolicies
{
    public const string Staff = "Staff";
    public const string Manage = "Manage";
    public const string Admin = "Admin";
    public const string CustomerService = "CustomerService";
    public const string Finance = "Finance";
}
