using ReturnsPortal.Domain.Common;

namespace ReturnsPortal.Domain.Returns;

/// <summary>The warehouse a return is sent to (ADR 0083).</summary>
public sealed partial class ReturnRequest
{
    /// <summary>
    /// Chosen by the routing rules when the return is created; the label, the instructions and the stock follow it.
    /// Null only for a return made without <see cref="ReturnStarter"/> (tests, imports): it goes to the default
    /// (first) warehouse.
    /// </summary>
    public int? WarehouseId { get; private set; }

    /// <summary>Sends the return to a warehouse; only before the parcel leaves, since its label carries the address.</summary>
    public void RouteTo(int warehouseId)
    {
        if (Status is not (ReturnStatus.Requested or ReturnStatus.Approved))
        {
            throw new DomainException("return.route_too_late", "A return is routed before its parcel is shipped.");
        }
        WarehouseId = warehouseId;
    }
}
