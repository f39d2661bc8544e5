using ReturnsPortal.Domain.Notifications;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class NotificationSettingConfiguration : IEntityTypeConfiguration<NotificationSetting>
{
    public void Configure(EntityTypeBuilder<NotificationSetting> builder)
    {
        builder.ToTable("NotificationSettings");
        builder.HasKey(s => s.Event);
        builder.Property(s => s.Event).HasMaxLength(NotificationSetting.EventLength);
        builder.Property(s => s.UpdatedBy).HasMaxLength(100);
    }
}
