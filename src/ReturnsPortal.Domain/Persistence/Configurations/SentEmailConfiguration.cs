using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReturnsPortal.Domain.Notifications;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class SentEmailConfiguration : IEntityTypeConfiguration<SentEmail>
{
    public void Configure(EntityTypeBuilder<SentEmail> builder)
    {
        builder.ToTable("SentEmails");
        builder.Property(e => e.DedupeKey).HasMaxLength(OutboxMessage.KeyLength);
        // The exactly-once guard: a second record of the same message cannot be committed.
        builder.HasIndex(e => e.DedupeKey).IsUnique();
        builder.Property(e => e.MessageId).HasMaxLength(SentEmail.MessageIdLength);
        builder.Property(e => e.Recipient).HasMaxLength(SentEmail.RecipientLength);
        builder.Property(e => e.Subject).HasMaxLength(SentEmail.SubjectLength);
        builder.Property(e => e.Language).HasMaxLength(5);
        builder.HasIndex(e => e.SentAt);
    }
}

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
