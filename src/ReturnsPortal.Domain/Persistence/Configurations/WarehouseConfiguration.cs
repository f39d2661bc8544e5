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
