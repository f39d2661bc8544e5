using ReturnsPortal.Domain.Analytics;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class RollupStateConfiguration : IEntityTypeConfiguration<RollupState>
{
    public void Configure(EntityTypeBuilder<RollupState> builder)
    {
        builder.ToTable("AnalyticsRollupState");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        // The migration creates the one row; generation 0 before any rollup is written (ADR 0088).
        builder.HasData(new RollupState { Id = RollupState.SingletonId, Generation = 0 });
    }
}
