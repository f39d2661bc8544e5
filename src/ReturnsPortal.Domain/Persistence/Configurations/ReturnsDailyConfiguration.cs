using ReturnsPortal.Domain.Analytics;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class ReturnsDailyConfiguration : IEntityTypeConfiguration<ReturnsDaily>
{
    public void Configure(EntityTypeBuilder<ReturnsDaily> builder)
    {
        builder.ToTable("AnalyticsReturnsDaily");
        builder.HasKey(s => new { s.CategoryId, s.Grain, s.Day, s.Status, s.Resolution, s.ReachedResolved, s.WarehouseId });
        // The catch-up deletes and re-sums whole days, weeks and months of every category: without it each of those
        // statements read the whole table (~400 ms apiece at a million returns, ADR 0090).
        builder.HasIndex(s => new { s.Grain, s.Day });
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(30);
        builder.Property(s => s.Resolution).HasConversion<string>().HasMaxLength(30);
    }
}
