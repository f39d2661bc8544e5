using ReturnsPortal.Domain.Customers;

namespace ReturnsPortal.Domain.Logistics;

public sealed class Warehouse
{
    public const int CodeLength = 20;
    public const int NameLength = 100;

    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required PostalAddress Address { get; set; }
}
