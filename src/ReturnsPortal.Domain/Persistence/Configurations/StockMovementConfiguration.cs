using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Logistics;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class StockMovementConfiguration : IEntityTypeConfiguration<StockMovement>
{
    public void Configure(EntityTypeBuilder<StockMovement> builder)
    {
        builder.Property(m => m.Bucket).HasConversion<string>().HasMaxLength(StockLevel.BucketLength);
        builder.Property(m => m.Cause).HasConversion<string>().HasMaxLength(30);
        builder.Property(m => m.Actor).HasMaxLength(StockMovement.ActorLength);
        builder.Property(m => m.Note).HasMaxLength(StockMovement.NoteLength);
        builder.Property(m => m.CostCurrency).HasMaxLength(Common.Money.CurrencyLength);
        builder.Property(m => m.IdempotencyKey).HasMaxLength(StockMovement.KeyLength);
        // Each disposition, reservation, release, shipment or adjustment moves stock once, even on retry (ADR 0060).
        builder.HasIndex(m => m.IdempotencyKey).IsUnique();
        builder.HasIndex(m => new { m.VariantId, m.At });
        builder.Ignore(m => m.Cost);
        builder.HasOne<ProductVariant>().WithMany().HasForeignKey(m => m.VariantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Warehouse>().WithMany().HasForeignKey(m => m.WarehouseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(m => m.ReturnLine).WithMany().HasForeignKey(m => m.ReturnLineId).OnDelete(DeleteBehavior.Restrict);
    }
}
