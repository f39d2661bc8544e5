using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReturnsPortal.Domain.Logistics;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class WarehouseConfiguration : IEntityTypeConfiguration<Warehouse>
{
    public void Configure(EntityTypeBuilder<Warehouse> builder)
    {
        builder.Property(w => w.Code).HasMaxLength(Warehouse.CodeLength);
        builder.HasIndex(w => w.Code).IsUnique();
        builder.Property(w => w.Name).HasMaxLength(Warehouse.NameLength);
        builder.ComplexProperty(w => w.Address, a => a.IsAddress());
    }
}

internal sealed class DropOffPointConfiguration : IEntityTypeConfiguration<DropOffPoint>
{
    public void Configure(EntityTypeBuilder<DropOffPoint> builder)
    {
        builder.Property(d => d.Code).HasMaxLength(DropOffPoint.CodeLength);
        builder.HasIndex(d => d.Code).IsUnique();
        builder.Property(d => d.Name).HasMaxLength(DropOffPoint.NameLength);
        builder.Property(d => d.Carrier).HasMaxLength(DropOffPoint.CarrierLength);
        builder.Property(d => d.OpeningHours).HasMaxLength(DropOffPoint.HoursLength);
        builder.Property(d => d.Version).IsConcurrencyToken();
        builder.ComplexProperty(d => d.Address, a => a.IsAddress());
    }
}

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

/// <summary>The routed warehouse of a return (applied on top of <see cref="ReturnRequestConfiguration"/>).</summary>
internal sealed class ReturnRequestRoutingConfiguration : IEntityTypeConfiguration<Returns.ReturnRequest>
{
    public void Configure(EntityTypeBuilder<Returns.ReturnRequest> builder)
    {
        builder.HasOne<Warehouse>().WithMany().HasForeignKey(r => r.WarehouseId).OnDelete(DeleteBehavior.Restrict);
    }
}
