using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Domain.Orders;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.Property(o => o.Number).HasMaxLength(Order.NumberLength);
        builder.HasIndex(o => o.Number).IsUnique();
        builder.Property(o => o.Email).HasMaxLength(Customer.EmailLength);
        builder.HasIndex(o => o.Email);
        builder.Property(o => o.CustomerName).HasMaxLength(Customer.NameLength * 2);
        builder.Property(o => o.Postcode).HasMaxLength(PostalAddress.PostcodeLength);
        builder.Property(o => o.PaymentMethod).HasConversion<string>().HasMaxLength(30);
        builder.Property(o => o.Currency).HasMaxLength(3);
        builder.Property(o => o.PaymentReference).HasMaxLength(Order.PaymentReferenceLength);
        builder.HasIndex(o => o.PlacedAt);
        builder.HasOne(o => o.Customer).WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId);
    }
}

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> builder)
    {
        builder.HasOne(l => l.Variant).WithMany().HasForeignKey(l => l.VariantId).OnDelete(DeleteBehavior.Restrict);
        builder.ComplexProperty(l => l.UnitPricePaid, m => m.IsMoney("UnitPrice"));
    }
}
