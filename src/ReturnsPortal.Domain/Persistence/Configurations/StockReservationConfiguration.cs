using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Logistics;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class StockReservationConfiguration : IEntityTypeConfiguration<StockReservation>
{
    public void Configure(EntityTypeBuilder<StockReservation> builder)
    {
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(30);
        // One reservation per return line: creating a return twice can never hold the replacement twice.
        builder.HasIndex(r => r.ReturnLineId).IsUnique();
        builder.HasIndex(r => new { r.VariantId, r.Status });
        builder.HasOne(r => r.ReturnLine).WithMany().HasForeignKey(r => r.ReturnLineId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ProductVariant>().WithMany().HasForeignKey(r => r.VariantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Warehouse>().WithMany().HasForeignKey(r => r.WarehouseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(r => r.Shipment).WithMany().HasForeignKey(r => r.ReplacementShipmentId).OnDelete(DeleteBehavior.Restrict);
    }
}
