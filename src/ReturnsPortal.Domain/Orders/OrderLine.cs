using ReturnsPortal.Domain.Catalog;

namespace ReturnsPortal.Domain.Orders;

public sealed class OrderLine
{
    public int Id { get; set; }
    public int OrderId { get; set; }
    public int VariantId { get; set; }
    public ProductVariant? Variant { get; set; }
    public int Quantity { get; set; }
    public Money UnitPricePaid { get; set; }
}
