using Microsoft.EntityFrameworkCore.Metadata;
using ReturnsPortal.Domain.Customers;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class CustomerErasureConfiguration : IEntityTypeConfiguration<CustomerErasure>
{
    public void Configure(EntityTypeBuilder<CustomerErasure> builder)
    {
        builder.ToTable("CustomerErasures");
        builder.Property(e => e.EmailHash).HasMaxLength(CustomerErasure.HashLength);
        builder.HasIndex(e => e.EmailHash);
        builder.Property(e => e.ErasedBy).HasMaxLength(CustomerErasure.ActorLength);
        builder.Property(e => e.Channel).HasMaxLength(CustomerErasure.ChannelLength);

        // The proof of an erasure is never edited.
        foreach (var property in builder.Metadata.GetProperties())
        {
            property.SetAfterSaveBehavior(PropertySaveBehavior.Throw);
        }
    }
}
