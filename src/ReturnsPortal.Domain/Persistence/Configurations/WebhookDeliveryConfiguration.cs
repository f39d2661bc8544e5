using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> builder)
    {
        builder.Property(s => s.Url).HasMaxLength(WebhookSubscription.UrlLength);
        builder.Property(s => s.Events).HasMaxLength(WebhookSubscription.EventsLength);
        builder.Property(s => s.Secret).HasMaxLength(WebhookSubscription.SecretLength);
        builder.Property(s => s.CreatedBy).HasMaxLength(ReturnRequest.ActorLength);
    }
}

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

internal sealed class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> builder)
    {
        builder.Property(j => j.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(j => j.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(j => j.FileName).HasMaxLength(ImportJob.FileNameLength);
        builder.Property(j => j.Detected).HasMaxLength(100);
        builder.Property(j => j.CreatedBy).HasMaxLength(ReturnRequest.ActorLength);
        builder.HasIndex(j => j.Status);
        builder.Ignore(j => j.IsFinished);
        builder.Ignore(j => j.Percent);
    }
}

/// <summary>The integration additions to shared entities, kept here so the shared configurations stay untouched.</summary>
internal sealed class IntegrationIndexesConfiguration : IEntityTypeConfiguration<ReturnRequest>, IEntityTypeConfiguration<OutboxMessage>, IEntityTypeConfiguration<ApiKey>
{
    // GET /api/v1/returns pages on (UpdatedAt, Id).
    public void Configure(EntityTypeBuilder<ReturnRequest> builder) => builder.HasIndex(r => new { r.UpdatedAt, r.Id });

    // The webhook fan-out looks for messages not fanned out yet.
    public void Configure(EntityTypeBuilder<OutboxMessage> builder) => builder.HasIndex(m => m.WebhooksFannedOutAt);

    public void Configure(EntityTypeBuilder<ApiKey> builder) => builder.Property(k => k.CreatedBy).HasMaxLength(ReturnRequest.ActorLength);
}
