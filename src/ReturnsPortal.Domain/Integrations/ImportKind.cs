namespace ReturnsPortal.Domain.Integrations;

public enum ImportKind
{
    Orders,
    Products,
}
