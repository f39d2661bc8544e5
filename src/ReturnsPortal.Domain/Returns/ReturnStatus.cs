namespace ReturnsPortal.Domain.Returns;

public enum ReturnStatus
{
    /// <summary>The customer asked; nothing checked yet.</summary>
    Requested,
    /// <summary>Accepted for shipping; the label is valid.</summary>
    Approved,
    /// <summary>The carrier has the parcel.</summary>
    InTransit,
    /// <summary>The parcel is in the warehouse; stock is not touched by receipt.</summary>
    Received,
    /// <summary>Every line has been inspected; a decision is due.</summary>
    Inspected,
    /// <summary>The settlement is above the four-eyes threshold and waits for a second person.</summary>
    AwaitingApproval,
    /// <summary>The settlement (refund, store credit or exchange) is decided.</summary>
    Resolved,
    /// <summary>Finished after resolution or rejection.</summary>
    Closed,
    /// <summary>Refused by the merchant, before shipping or after inspection.</summary>
    Rejected,
    /// <summary>Withdrawn by the customer before the parcel was shipped.</summary>
    Cancelled,
    /// <summary>The parcel never came before the label expired.</summary>
    Expired,
}
