using ReturnsPortal.Domain.Customers;

namespace ReturnsPortal.Domain.Persistence.Configurations;

/// <summary>Column shapes shared by every entity that holds money or a postal address.</summary>
internal static class ValueObjectMapping
{

    public static void IsMoney(this ComplexPropertyBuilder<Money> money, string prefix)
    {
        money.Property(m => m.Minor).HasColumnName(prefix + "Minor");
        money.Property(m => m.Currency).HasColumnName(prefix + "Currency").HasMaxLength(Money.CurrencyLength).IsRequired();
    }

    public static void IsAddress(this ComplexPropertyBuilder<PostalAddress> address)
    {
        address.Property(a => a.Line1).HasColumnName("AddressLine1").HasMaxLength(PostalAddress.LineLength);
        address.Property(a => a.Line2).HasColumnName("AddressLine2").HasMaxLength(PostalAddress.LineLength);
        address.Property(a => a.Postcode).HasColumnName("Postcode").HasMaxLength(PostalAddress.PostcodeLength);
        address.Property(a => a.City).HasColumnName("City").HasMaxLength(PostalAddress.CityLength);
        address.Property(a => a.Country).HasColumnName("Country").HasMaxLength(2);
    }
}
