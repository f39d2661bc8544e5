namespace ReturnsPortal.Domain.Policies;

/// <summary>From which moment the return window is counted.</summary>
public enum WindowStart
{
    Delivery,
    Shipment,
    Order,
}
