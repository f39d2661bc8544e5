namespace ReturnsPortal.Domain.Logistics;

/// <summary>What a routing rule looks at (ADR 0083).</summary>
public enum RoutingCondition
{
    /// <summary>A line of the return is of this product category.</summary>
    Category,
    /// <summary>A French customer's postcode starts with these digits (a département is its two first digits).</summary>
    Postcode,
    /// <summary>The customer's country (ISO 3166 two letters).</summary>
    Country,
}
