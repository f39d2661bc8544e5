using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class ParcelPhotoConfiguration : IEntityTypeConfiguration<ParcelPhoto>
{
    public void Configure(EntityTypeBuilder<ParcelPhoto> builder)
    {
        builder.ToTable("ParcelPhotos");
        builder.Property(p => p.FileKey).HasMaxLength(ReturnLinePhoto.FileKeyLength);
        builder.Property(p => p.ContentType).HasMaxLength(ReturnLinePhoto.ContentTypeLength);
        builder.Property(p => p.FileName).HasMaxLength(ReturnLinePhoto.FileNameLength);
    }
}

/// <summary>The parcel's photos, kept apart from the parcel's main configuration.</summary>
internal sealed class UnidentifiedParcelPhotosConfiguration : IEntityTypeConfiguration<UnidentifiedParcel>
{
    public void Configure(EntityTypeBuilder<UnidentifiedParcel> builder) =>
        builder.HasMany(p => p.Photos).WithOne().HasForeignKey(p => p.UnidentifiedParcelId).OnDelete(DeleteBehavior.Cascade);
}

/// <summary>Inspection photos: the parcel photos' columns, per return line.</summary>
internal sealed class InspectionPhotoConfiguration : IEntityTypeConfiguration<InspectionPhoto>
{
    public void Configure(EntityTypeBuilder<InspectionPhoto> builder)
    {
        builder.ToTable("InspectionPhotos");
        builder.Property(p => p.FileKey).HasMaxLength(ReturnLinePhoto.FileKeyLength);
        builder.Property(p => p.ContentType).HasMaxLength(ReturnLinePhoto.ContentTypeLength);
        builder.Property(p => p.FileName).HasMaxLength(ReturnLinePhoto.FileNameLength);
    }
}

/// <summary>A line's inspection photos, kept apart from the line's main configuration.</summary>
internal sealed class ReturnLineInspectionPhotosConfiguration : IEntityTypeConfiguration<ReturnLine>
{
    public void Configure(EntityTypeBuilder<ReturnLine> builder) =>
        builder.HasMany(l => l.InspectionPhotos).WithOne().HasForeignKey(p => p.ReturnLineId).OnDelete(DeleteBehavior.Cascade);
}
