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
