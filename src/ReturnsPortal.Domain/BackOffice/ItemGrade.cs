namespace ReturnsPortal.Domain.BackOffice;

/// <summary>A as new (resellable), B open box, C damaged, D defective / unsellable.</summary>
public enum ItemGrade
{
    A,
    B,
    C,
    D,
}
