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
        // The public identity of a settlement (payloads, API): one kind per RMA, so RI-/SC-/EX- + RMA never repeats.
        builder.HasIndex(s => s.Reference).IsUnique();
        builder.Property(s => s.CreatedBy).HasMaxLength(ReturnRequest.ActorLength);
        builder.Property(s => s.UpdatedBy).HasMaxLength(ReturnRequest.ActorLength);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(30);
        builder.Property(s => s.InsteadKind).HasConversion<string>().HasMaxLength(30);
        builder.Property(s => s.Provider).HasMaxLength(30);
        builder.Property(s => s.ProviderReference).HasMaxLength(Settlement.ReferenceLength);
        builder.Property(s => s.FailureReason).HasMaxLength(Settlement.ReasonLength);
        builder.Property(s => s.CancelReason).HasMaxLength(Settlement.ReasonLength);
        builder.Property(s => s.LastError).HasMaxLength(Settlement.ReasonLength);
        builder.Property(s => s.Carrier).HasMaxLength(Settlement.CarrierLength);
        builder.Property(s => s.TrackingNumber).HasMaxLength(Settlement.TrackingLength);
        // Two people (or a webhook and a person) moving the same settlement: one wins, the other sees the result.
        builder.Property(s => s.Version).IsConcurrencyToken();
        // The finance queue and the refund worker read by status; the webhooks find a settlement by the provider's id.
        builder.HasIndex(s => new { s.Status, s.Kind });
        builder.HasIndex(s => s.ProviderReference);
        builder.HasOne<ReturnRequest>().WithMany().HasForeignKey(s => s.ReturnRequestId).OnDelete(DeleteBehavior.Restrict);
    }
}
