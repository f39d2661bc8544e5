namespace ReturnsPortal.Domain.Policies;

/// <summary>One broken guard rail: a stable code (the page turns it into a localised message) and the field it is about.</summary>
/// <param name="Field">"WindowDays", "Fee.Pickup", "Category.3.WindowDays", "Seasonal.0", "Product.1"…</param>
public sealed record PolicyError(string Code, string Field);
