using ReturnsPortal.Domain.Analytics;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class DispositionRollupConfiguration : IEntityTypeConfiguration<DispositionRollup>
{
    public void Configure(EntityTypeBuilder<DispositionRollup> builder)
    {
        builder.ToTable("AnalyticsDispositionRollup");
        builder.HasKey(s => new { s.Grain, s.Day, s.CategoryId, s.Disposition, s.WarehouseId });
    }
}
