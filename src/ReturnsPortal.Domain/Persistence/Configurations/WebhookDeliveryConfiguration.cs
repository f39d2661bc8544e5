using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Notifications;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.Property(d => d.Event).HasMaxLength(WebhookDelivery.EventLength);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.LockedBy).HasMaxLength(WebhookDelivery.LockedByLength);
        // Fan-out exactly once: one delivery per message, subscription and event, even if two instances fan out.
        builder.HasIndex(d => new { d.OutboxMessageId, d.SubscriptionId, d.Event }).IsUnique();
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.HasOne(d => d.Subscription).WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<OutboxMessage>().WithMany().HasForeignKey(d => d.OutboxMessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(d => d.Log).WithOne().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> builder) =>
        builder.Property(a => a.Error).HasMaxLength(WebhookDelivery.ErrorLength);
}
