namespace ReturnsPortal.Domain.Returns;

/// <summary>Why a line cannot be returned for any reason right now (it may still be returnable as a defect).</summary>
public enum IneligibleReason
{
    NotDelivered,
    NonReturnable,
    WindowClosed,
    NothingLeftToReturn,
}
