namespace ReturnsPortal.Domain.Catalog;

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
