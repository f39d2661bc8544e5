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
        builder.Property(s => s.Bucket).HasMaxLength(StockLevel.BucketLength);
        builder.HasIndex(s => new { s.VariantId, s.WarehouseId, s.Bucket }).IsUnique();
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
    }
}
