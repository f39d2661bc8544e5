using ReturnsPortal.Domain.Analytics;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class ReasonRollupConfiguration : IEntityTypeConfiguration<ReasonRollup>
{
    public void Configure(EntityTypeBuilder<ReasonRollup> builder)
    {
        builder.ToTable("AnalyticsReasonRollup");
        builder.HasKey(s => new { s.Grain, s.Day, s.CategoryId, s.ReasonId, s.WarehouseId });
    }
}
