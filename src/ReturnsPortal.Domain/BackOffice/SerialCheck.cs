namespace ReturnsPortal.Domain.BackOffice;

public enum SerialCheck
{
    Matches,
    DoesNotMatch,
    NotApplicable,
}
