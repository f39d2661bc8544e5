using ReturnsPortal.Domain.Analytics;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class RollupMarkConfiguration : IEntityTypeConfiguration<RollupMark>
{
    public void Configure(EntityTypeBuilder<RollupMark> builder)
    {
        builder.ToTable("AnalyticsRollupMarks");
        builder.HasKey(m => m.Id);
    }
}
