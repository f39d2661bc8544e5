namespace ReturnsPortal.Domain.BackOffice;

public enum SettlementKind
{
    Refund,
    StoreCredit,
    Exchange,
}
