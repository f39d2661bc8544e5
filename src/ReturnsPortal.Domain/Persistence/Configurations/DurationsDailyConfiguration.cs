using ReturnsPortal.Domain.Analytics;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class DurationsDailyConfiguration : IEntityTypeConfiguration<DurationsDaily>
{
    public void Configure(EntityTypeBuilder<DurationsDaily> builder)
    {
        builder.ToTable("AnalyticsDurationsDaily");
        builder.HasKey(s => new { s.CategoryId, s.Grain, s.Day, s.Stage, s.Bucket, s.WarehouseId });
        // The catch-up deletes and re-sums whole days, weeks and months of every category: without it each of those
        // statements read the whole table (~400 ms apiece at a million returns, ADR 0090).
        builder.HasIndex(s => new { s.Grain, s.Day });
        builder.Property(s => s.Stage).HasConversion<string>().HasMaxLength(30);
    }
}
