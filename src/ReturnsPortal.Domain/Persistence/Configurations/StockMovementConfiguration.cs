using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Logistics;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class ReturnDraftConfiguration : IEntityTypeConfiguration<ReturnDraft>
{
    public void Configure(EntityTypeBuilder<ReturnDraft> builder)
    {
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.HasOne<Orders.Order>().WithMany().HasForeignKey(d => d.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => d.ExpiresAt);
    }
}

internal sealed class ReturnLinePhotoConfiguration : IEntityTypeConfiguration<ReturnLinePhoto>
{
    public void Configure(EntityTypeBuilder<ReturnLinePhoto> builder)
    {
        builder.ToTable("ReturnLinePhotos");
        builder.Property(p => p.FileKey).HasMaxLength(ReturnLinePhoto.FileKeyLength);
        builder.Property(p => p.ContentType).HasMaxLength(ReturnLinePhoto.ContentTypeLength);
        builder.Property(p => p.FileName).HasMaxLength(ReturnLinePhoto.FileNameLength);
        builder.HasOne<ReturnLine>().WithMany(l => l.Photos).HasForeignKey(p => p.ReturnLineId);
    }
}

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

internal sealed class ReplacementShipmentConfiguration : IEntityTypeConfiguration<ReplacementShipment>
{
    public void Configure(EntityTypeBuilder<ReplacementShipment> builder)
    {
        builder.Property(s => s.Reference).HasMaxLength(ReplacementShipment.ReferenceLength);
        builder.Property(s => s.CreatedBy).HasMaxLength(StockMovement.ActorLength);
        // One replacement per exchange, whatever retries or second instances do.
        builder.HasIndex(s => s.ReturnRequestId).IsUnique();
        builder.HasOne<ReturnRequest>().WithMany().HasForeignKey(s => s.ReturnRequestId).OnDelete(DeleteBehavior.Restrict);
    }
}
