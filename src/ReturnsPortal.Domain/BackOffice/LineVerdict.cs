namespace ReturnsPortal.Domain.BackOffice;

public enum LineVerdict
{
    Accept,
    AcceptWithDeduction,
    /// <summary>Refused; the item goes back to the customer.</summary>
    RejectReturnToCustomer,
    /// <summary>Refused; disposed of with the customer's consent.</summary>
    RejectDispose,
}
