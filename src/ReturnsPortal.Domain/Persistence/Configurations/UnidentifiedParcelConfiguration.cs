using ReturnsPortal.Domain.BackOffice;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class UnidentifiedParcelConfiguration : IEntityTypeConfiguration<UnidentifiedParcel>
{
    public void Configure(EntityTypeBuilder<UnidentifiedParcel> builder)
    {
        builder.ToTable("UnidentifiedParcels");
        builder.Property(p => p.SenderName).HasMaxLength(UnidentifiedParcel.SenderLength);
        builder.Property(p => p.Postcode).HasMaxLength(UnidentifiedParcel.PostcodeLength);
        builder.Property(p => p.CarrierTrackingNumber).HasMaxLength(ReturnRequest.TrackingLength);
        builder.Property(p => p.Notes).HasMaxLength(UnidentifiedParcel.NotesLength);
        builder.Property(p => p.ReceivedBy).HasMaxLength(ReturnRequest.ActorLength);
        builder.Property(p => p.LinkedBy).HasMaxLength(ReturnRequest.ActorLength);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasIndex(p => p.ReturnRequestId);
        builder.HasOne<ReturnRequest>().WithMany().HasForeignKey(p => p.ReturnRequestId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(p => p.IsLinked);
        builder.HasMany(p => p.Photos).WithOne().HasForeignKey(p => p.UnidentifiedParcelId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>A photo of an unidentified parcel.</summary>
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
