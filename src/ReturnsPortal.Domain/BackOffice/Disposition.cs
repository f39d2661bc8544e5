namespace ReturnsPortal.Domain.BackOffice;

public enum Disposition
{
    Restock,
    OpenBox,
    Refurbish,
    ReturnToVendor,
    Recycle,
    Destroy,
    ReturnToCustomer,
}
