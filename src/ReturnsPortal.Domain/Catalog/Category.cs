namespace ReturnsPortal.Domain.Catalog;

public sealed class Category
{
    public const int CodeLength = 40;
    public const int NameLength = 100;

    public int Id { get; set; }
    public required string Code { get; set; }
    public required string NameFr { get; set; }
    public required string NameEn { get; set; }
}
