namespace ReturnsPortal.Domain.Analytics;

/// <summary>Counted returned lines (not cancelled, not expired) per day of the return's creation, product and reason.</summary>
public sealed class ReturnLinesDaily
{
    public DateOnly Day { get; set; }
    public int ProductId { get; set; }
    public int ReasonId { get; set; }
    public int CategoryId { get; set; }
    public long Units { get; set; }
    public long Value { get; set; }
}
