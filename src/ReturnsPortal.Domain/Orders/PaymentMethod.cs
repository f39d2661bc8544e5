namespace ReturnsPortal.Domain.Orders;

public enum PaymentMethod
{
    Card,
    PayPal,
    BankTransfer,
    GiftCard,
}
