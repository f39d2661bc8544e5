using ReturnsPortal.Domain.Integrations;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.Property(k => k.Name).HasMaxLength(ApiKey.NameLength);
        builder.Property(k => k.KeyHash).HasMaxLength(ApiKey.HashLength);
        builder.HasIndex(k => k.KeyHash).IsUnique();
        builder.Property(k => k.Scopes).HasMaxLength(500);
        builder.Property(k => k.CreatedBy).HasMaxLength(Returns.ReturnRequest.ActorLength);
    }
}
