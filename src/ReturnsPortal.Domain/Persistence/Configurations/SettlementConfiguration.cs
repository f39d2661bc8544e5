using ReturnsPortal.Domain.BackOffice;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class SettlementConfiguration : IEntityTypeConfiguration<Settlement>
{
    public void Configure(EntityTypeBuilder<Settlement> builder)
    {
        builder.ToTable("Settlements");
        builder.Property(s => s.IdempotencyKey).HasMaxLength(Settlement.KeyLength);
        // The exactly-once guarantee: a second settlement for the same key cannot be stored.
        builder.HasIndex(s => s.IdempotencyKey).IsUnique();
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(30);
        builder.ComplexProperty(s => s.Amount, m => m.IsMoney("Amount"));
        builder.ComplexProperty(s => s.Bonus, m => m.IsMoney("Bonus"));
        builder.Property(s => s.Reference).HasMaxLength(Settlement.ReferenceLength);
        builder.Property(s => s.CreatedBy).HasMaxLength(ReturnRequest.ActorLength);
        builder.HasOne<ReturnRequest>().WithMany().HasForeignKey(s => s.ReturnRequestId).OnDelete(DeleteBehavior.Restrict);
    }
}
