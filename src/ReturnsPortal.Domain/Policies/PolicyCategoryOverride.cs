using ReturnsPortal.Domain.Catalog;

namespace ReturnsPortal.Domain.Policies;

public sealed class PolicyCategoryOverride
{
    public int Id { get; set; }
    public int PolicyId { get; set; }
    public int CategoryId { get; set; }
    public Category? Category { get; set; }
    /// <summary>The category's own window; null keeps the policy's.</summary>
    public int? WindowDays { get; set; }
    /// <summary>The category's own restocking fee; null keeps the policy's. Waived when the merchant bears the cost.</summary>
    public decimal? RestockingFeePercent { get; set; }
    public NonReturnableReason? NonReturnable { get; set; }
}
