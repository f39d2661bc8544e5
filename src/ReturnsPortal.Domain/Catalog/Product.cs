namespace ReturnsPortal.Domain.Catalog;

public sealed class Product
{
    public const int CodeLength = 40;
    public const int NameLength = 200;

    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? Brand { get; set; }
    public int CategoryId { get; set; }
    public Category? Category { get; set; }
    public NonReturnableReason? NonReturnableReason { get; set; }
    /// <summary>What one unit costs the merchant, in its variants' price currency; write-offs are valued at it. Null when unknown.</summary>
    public long? UnitCostMinor { get; set; }
    public bool IsReturnable => NonReturnableReason is null;
    public List<ProductVariant> Variants { get; } = [];
}
