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
        builder.ComplexProperty(d => d.Address, a => a.IsAddress());
    }
}
