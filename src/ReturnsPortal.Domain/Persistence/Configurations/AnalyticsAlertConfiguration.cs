using ReturnsPortal.Domain.Analytics;

namespace ReturnsPortal.Domain.Persistence.Configurations;

// Problem-product alerts (ADR 0045): one per product and kind, so a detection pass run twice (the daily job and the
// page's button) cannot open the same alert twice; the figures are two sets of columns of one record type.
internal sealed class AnalyticsAlertConfiguration : IEntityTypeConfiguration<AnalyticsAlert>
{
    public void Configure(EntityTypeBuilder<AnalyticsAlert> builder)
    {
        builder.ToTable("AnalyticsAlerts");
        builder.HasIndex(a => new { a.ProductId, a.Kind }).IsUnique();
        builder.HasIndex(a => new { a.Status, a.LastSeenAt });
        builder.HasOne(a => a.Product).WithMany().HasForeignKey(a => a.ProductId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.AcknowledgedBy).HasMaxLength(AnalyticsAlert.ActorLength);
        builder.Property(a => a.AcknowledgementNote).HasMaxLength(AnalyticsAlert.NoteLength);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.ComplexProperty(a => a.Detected);
        builder.ComplexProperty(a => a.Current);
    }
}
