namespace ReturnsPortal.Domain.Returns;

public enum Resolution
{
    Refund,
    StoreCredit,
    Exchange,
}
