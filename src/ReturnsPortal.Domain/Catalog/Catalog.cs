using ReturnsPortal.Domain.Common;

namespace ReturnsPortal.Domain.Catalog;

public sealed class Category
{
    public const int CodeLength = 40;
    public const int NameLength = 100;

    public int Id { get; set; }
    public required string Code { get; set; }
    public required string NameFr { get; set; }
    public required string NameEn { get; set; }
}

/// <summary>Why an item can never be returned (commercial policy and the legal exceptions of the Code de la consommation, L221-28).</summary>
public enum NonReturnableReason
{
    Hygiene,
    Personalised,
    FinalSale,
}

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

public sealed class ProductVariant
{
    public const int SkuLength = 60;
    public const int AttributeLength = 40;

    public int Id { get; set; }
    public int ProductId { get; set; }
    public Product? Product { get; set; }
    public required string Sku { get; set; }
    public string? Size { get; set; }
    public string? Colour { get; set; }
    public Money Price { get; set; }
}
