using ReturnsPortal.Domain.Integrations;

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
