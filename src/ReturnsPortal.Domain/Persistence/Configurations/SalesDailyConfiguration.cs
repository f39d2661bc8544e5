using ReturnsPortal.Domain.Analytics;

namespace ReturnsPortal.Domain.Persistence.Configurations;

// Rollups are derived data (ADR 0041): no foreign keys (category 0 means "all"), keys that start with what the
// dashboard filters on so that a period reads one index range.
internal sealed class SalesDailyConfiguration : IEntityTypeConfiguration<SalesDaily>
{
    public void Configure(EntityTypeBuilder<SalesDaily> builder)
    {
        builder.ToTable("AnalyticsSalesDaily");
        builder.HasKey(s => new { s.Day, s.ProductId });
        builder.HasIndex(s => new { s.CategoryId, s.Day });
    }
}
