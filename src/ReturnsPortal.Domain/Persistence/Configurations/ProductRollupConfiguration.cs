using ReturnsPortal.Domain.Analytics;

namespace ReturnsPortal.Domain.Persistence.Configurations;

// Coarse rollups (ADR 0043): the grain leads the key so that "whole weeks" and "edge days" are index ranges.
internal sealed class ProductRollupConfiguration : IEntityTypeConfiguration<ProductRollup>
{
    public void Configure(EntityTypeBuilder<ProductRollup> builder)
    {
        builder.ToTable("AnalyticsProductRollup");
        builder.HasKey(s => new { s.Grain, s.Day, s.ProductId });
    }
}
