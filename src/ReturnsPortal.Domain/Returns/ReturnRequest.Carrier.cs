using ReturnsPortal.Domain.Common;

namespace ReturnsPortal.Domain.Returns;

/// <summary>What a carrier reports for a return's parcel (POST /api/v1/carrier-events, ADR 0073).</summary>
public enum CarrierEvent
{
    PickedUp,
    InTransit,
    DeliveredToWarehouse,
}

public sealed partial class ReturnRequest
{
    /// <summary>The carrier delivered the parcel to the warehouse: the queue shows it as arriving until someone receives it.</summary>
    public DateTime? ArrivingAt { get; private set; }

    /// <summary>
    /// Applies a carrier event, idempotently: picked up or in transit moves an approved return to InTransit (again: no
    /// change); delivered to the warehouse marks it as arriving (the first time counts). Returns whether anything changed.
    /// A return that is already further on is left as it is (a late or repeated scan); one that cannot be shipped
    /// (requested, cancelled, rejected, expired) is refused.
    /// </summary>
    public bool ApplyCarrierEvent(CarrierEvent carrierEvent, string actor, DateTime at)
    {
        if (Status is ReturnStatus.Requested or ReturnStatus.Cancelled or ReturnStatus.Expired
            || (Status == ReturnStatus.Rejected && !History.Any(h => h.To == ReturnStatus.Received)))
        {
            throw new DomainException("return.not_shippable", $"Return {Rma} ({Status}) is not waiting for a parcel.");
        }
        var changed = false;
        if (Status == ReturnStatus.Approved)
        {
            MarkInTransit(null, actor, at);
            changed = true;
        }
        if (carrierEvent == CarrierEvent.DeliveredToWarehouse && ArrivingAt is null && Status == ReturnStatus.InTransit)
        {
            if (at.Kind != DateTimeKind.Utc)
            {
                throw new ArgumentException("Times are stored in UTC.", nameof(at));
            }
            ArrivingAt = at;
            changed = true;
        }
        return changed;
    }
}
