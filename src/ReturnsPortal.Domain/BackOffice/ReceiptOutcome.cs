namespace ReturnsPortal.Domain.BackOffice;

/// <summary>What the worker found for one line when the parcel was opened.</summary>
public enum ReceiptOutcome
{
    Received,
    Missing,
    WrongItem,
}
