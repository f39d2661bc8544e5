namespace ReturnsPortal.Domain.Catalog;

/// <summary>Why an item can never be returned (commercial policy and the legal exceptions of the Code de la consommation, L221-28).</summary>
public enum NonReturnableReason
{
    Hygiene,
    Personalised,
    FinalSale,
}
