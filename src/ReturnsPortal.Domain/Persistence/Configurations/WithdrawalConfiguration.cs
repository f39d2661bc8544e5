using Microsoft.EntityFrameworkCore.Metadata;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Withdrawals;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class WithdrawalConfiguration : IEntityTypeConfiguration<Withdrawal>
{
    public void Configure(EntityTypeBuilder<Withdrawal> builder)
    {
        builder.ToTable("Withdrawals");
        builder.Property(w => w.Reference).HasMaxLength(Withdrawal.ReferenceLength);
        builder.HasIndex(w => w.Reference).IsUnique();
        // One withdrawal per order: a second submission finds the first (and a race loses on this index).
        builder.HasIndex(w => w.OrderId).IsUnique();
        builder.Property(w => w.OrderNumber).HasMaxLength(Order.NumberLength);
        builder.Property(w => w.CustomerName).HasMaxLength(Withdrawal.NameLength);
        builder.Property(w => w.CustomerEmail).HasMaxLength(Withdrawal.EmailLength);
        builder.Property(w => w.Language).HasMaxLength(Withdrawal.LanguageLength);
        builder.Property(w => w.Content).HasMaxLength(Withdrawal.ContentLength);
        builder.HasOne<Order>().WithMany().HasForeignKey(w => w.OrderId).OnDelete(DeleteBehavior.Restrict);

        // A legal record is never edited: EF refuses to save a change to any of its properties.
        foreach (var property in builder.Metadata.GetProperties())
        {
            property.SetAfterSaveBehavior(PropertySaveBehavior.Throw);
        }
    }
}
