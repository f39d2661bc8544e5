using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Logistics;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class StockLevelConfiguration : IEntityTypeConfiguration<StockLevel>
{
    public void Configure(EntityTypeBuilder<StockLevel> builder)
    {
        builder.Property(s => s.Bucket).HasConversion<string>().HasMaxLength(StockLevel.BucketLength);
        builder.HasIndex(s => new { s.VariantId, s.WarehouseId, s.Bucket }).IsUnique();
        // The ledger's guard against lost updates: a save that read an older level fails (ADR 0060).
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasIndex(s => new { s.UpdatedAt, s.Id });
        builder.HasOne<ProductVariant>().WithMany().HasForeignKey(s => s.VariantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Warehouse>().WithMany().HasForeignKey(s => s.WarehouseId).OnDelete(DeleteBehavior.Restrict);
    }
}
