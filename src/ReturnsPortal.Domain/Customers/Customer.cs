namespace ReturnsPortal.Domain.Customers;

public sealed class Customer
{
    public const int EmailLength = 254;
    public const int NameLength = 100;
    public const int LanguageLength = 5;

    public int Id { get; set; }
    public required string Email { get; set; }
    public required string FirstName { get; set; }
    public required string LastName { get; set; }
    /// <summary>"fr" or "en": the language of every message the customer receives.</summary>
    public string Language { get; set; } = "fr";
    public required PostalAddress Address { get; set; }
    public DateTime CreatedAt { get; set; }
}
