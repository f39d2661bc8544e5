using ReturnsPortal.Domain.Catalog;

namespace ReturnsPortal.Domain.Policies;

/// <summary>One product's own window, or its exclusion from commercial returns.</summary>
public sealed class PolicyProductOverride
{
    public int Id { get; set; }
    public int PolicyId { get; set; }
    public int ProductId { get; set; }
    public Product? Product { get; set; }
    public int? WindowDays { get; set; }
    /// <summary>Hygiene and personalised goods lose the withdrawal too (L221-28); final sale keeps it.</summary>
    public NonReturnableReason? NonReturnable { get; set; }
}
