namespace ReturnsPortal.Domain.Integrations;

public sealed record OrderLineData(string? Sku, int? Quantity, long? UnitPriceMinor);
