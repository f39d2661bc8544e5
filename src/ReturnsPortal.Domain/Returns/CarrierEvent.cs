namespace ReturnsPortal.Domain.Returns;

/// <summary>What a carrier reports for a return's parcel (POST /api/v1/carrier-events, ADR 0073).</summary>
public enum CarrierEvent
{
    PickedUp,
    InTransit,
    DeliveredToWarehouse,
}
