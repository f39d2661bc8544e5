namespace ReturnsPortal.Domain.Policies;

/// <summary>Bought between two Paris dates (included) → returnable until a later date (e.g. Christmas presents).</summary>
public sealed class PolicySeasonalExtension
{
    public int Id { get; set; }
    public int PolicyId { get; set; }
    public DateOnly PurchasedFrom { get; set; }
    public DateOnly PurchasedTo { get; set; }
    public DateOnly ReturnableUntil { get; set; }
}
