namespace ReturnsPortal.Domain.Policies;

public sealed class PolicyMethodFee
{
    public int Id { get; set; }
    public int PolicyId { get; set; }
    public ReturnMethod Method { get; set; }
    public Money Fee { get; set; }
}
