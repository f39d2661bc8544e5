namespace ReturnsPortal.Domain.Analytics;

/// <summary>The rollups with the return's warehouse (ADR 0087), so that one warehouse filter serves them all.</summary>
public interface IWarehouseRollup
{
    /// <summary>The return's routed warehouse.</summary>
    int WarehouseId { get; }
}
