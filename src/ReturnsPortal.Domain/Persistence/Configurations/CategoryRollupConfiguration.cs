using ReturnsPortal.Domain.Analytics;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class CategoryRollupConfiguration : IEntityTypeConfiguration<CategoryRollup>
{
    public void Configure(EntityTypeBuilder<CategoryRollup> builder)
    {
        builder.ToTable("AnalyticsCategoryRollup");
        builder.HasKey(s => new { s.Grain, s.Day, s.CategoryId });
    }
}
