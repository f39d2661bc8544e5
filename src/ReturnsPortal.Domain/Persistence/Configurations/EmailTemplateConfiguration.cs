using ReturnsPortal.Domain.Notifications;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class EmailTemplateConfiguration : IEntityTypeConfiguration<EmailTemplate>
{
    public void Configure(EntityTypeBuilder<EmailTemplate> builder)
    {
        builder.ToTable("EmailTemplates");
        builder.Property(t => t.Event).HasMaxLength(NotificationSetting.EventLength);
        builder.Property(t => t.Language).HasMaxLength(5);
        builder.HasIndex(t => new { t.Event, t.Language }).IsUnique();
        builder.Property(t => t.Subject).HasMaxLength(EmailTemplate.SubjectLength);
        builder.Property(t => t.Html).HasMaxLength(EmailTemplate.BodyLength);
        builder.Property(t => t.Text).HasMaxLength(EmailTemplate.BodyLength);
        builder.Property(t => t.UpdatedBy).HasMaxLength(100);
    }
}
