using ReturnsPortal.Domain.Logistics;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class RoutingRuleConfiguration : IEntityTypeConfiguration<RoutingRule>
{
    public void Configure(EntityTypeBuilder<RoutingRule> builder)
    {
        builder.ToTable("RoutingRules");
        builder.Property(r => r.Condition).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Value).HasMaxLength(RoutingRule.ValueLength);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasIndex(r => r.Priority);
        builder.HasOne<Warehouse>().WithMany().HasForeignKey(r => r.WarehouseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Catalog.Category>().WithMany().HasForeignKey(r => r.CategoryId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(r => r.IsRegion);
    }
}
