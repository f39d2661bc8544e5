using ReturnsPortal.Domain.Analytics;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class ReturnLinesDailyConfiguration : IEntityTypeConfiguration<ReturnLinesDaily>
{
    public void Configure(EntityTypeBuilder<ReturnLinesDaily> builder)
    {
        builder.ToTable("AnalyticsReturnLinesDaily");
        builder.HasKey(s => new { s.Day, s.ProductId, s.ReasonId });
        builder.HasIndex(s => new { s.CategoryId, s.Day });
        // The top reasons of the few problem products (ADR 0043).
        builder.HasIndex(s => new { s.ProductId, s.Day });
    }
}
