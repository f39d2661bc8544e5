namespace ReturnsPortal.Domain.Logistics;

/// <summary>A rule's condition and warehouse as a manager types them.</summary>
public sealed record RoutingRuleSpec(RoutingCondition Condition, int? CategoryId, string? Value, int WarehouseId);
