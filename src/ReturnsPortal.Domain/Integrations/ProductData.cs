using ReturnsPortal.Domain.Catalog;

namespace ReturnsPortal.Domain.Integrations;

/// <summary>A product variant as the shop sends it; <see cref="Sku"/> is the key, the product and category are found by code.</summary>
public sealed record ProductData(
    string? Sku, string? ProductCode, string? Name, string? Brand, string? CategoryCode, string? CategoryName,
    string? Size, string? Colour, long? PriceMinor, string? Currency, NonReturnableReason? NonReturnableReason);
