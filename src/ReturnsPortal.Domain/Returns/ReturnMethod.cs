namespace ReturnsPortal.Domain.Returns;

public enum ReturnMethod
{
    DropOff,
    Pickup,
    InStore,
}
