using ReturnsPortal.Domain.Notifications;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("OutboxMessages");
        builder.Property(m => m.Type).HasMaxLength(OutboxMessage.TypeLength);
        builder.Property(m => m.DedupeKey).HasMaxLength(OutboxMessage.KeyLength);
        builder.HasIndex(m => m.DedupeKey).IsUnique();
        builder.HasIndex(m => new { m.ProcessedAt, m.Id });
        builder.Property(m => m.LockedBy).HasMaxLength(OutboxMessage.LockedByLength);
        builder.Property(m => m.LastError).HasMaxLength(OutboxMessage.ErrorLength);
        builder.HasIndex(m => m.DeadAt);
        // The webhook fan-out looks for messages not fanned out yet.
        builder.HasIndex(m => m.WebhooksFannedOutAt);
    }
}
