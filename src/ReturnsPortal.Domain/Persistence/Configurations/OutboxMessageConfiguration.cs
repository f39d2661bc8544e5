using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Staff;

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
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.Property(k => k.Name).HasMaxLength(ApiKey.NameLength);
        builder.Property(k => k.KeyHash).HasMaxLength(ApiKey.HashLength);
        builder.HasIndex(k => k.KeyHash).IsUnique();
        builder.Property(k => k.Scopes).HasMaxLength(500);
    }
}

internal sealed class StaffUserConfiguration : IEntityTypeConfiguration<StaffUser>
{
    public void Configure(EntityTypeBuilder<StaffUser> builder) =>
        builder.Property(u => u.DisplayName).HasMaxLength(StaffUser.DisplayNameLength);
}
