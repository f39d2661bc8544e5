using ReturnsPortal.Domain.Customers;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.Property(c => c.Email).HasMaxLength(Customer.EmailLength);
        builder.HasIndex(c => c.Email);
        builder.Property(c => c.FirstName).HasMaxLength(Customer.NameLength);
        builder.Property(c => c.LastName).HasMaxLength(Customer.NameLength);
        builder.Property(c => c.Language).HasMaxLength(Customer.LanguageLength);
        builder.ComplexProperty(c => c.Address, a => a.IsAddress());
    }
}
