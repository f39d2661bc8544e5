using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReturnsPortal.Domain.Logistics;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class ReturnRequestConfiguration : IEntityTypeConfiguration<ReturnRequest>
{
    public void Configure(EntityTypeBuilder<ReturnRequest> builder)
    {
        builder.ToTable("ReturnRequests");
        builder.Property(r => r.Rma).HasMaxLength(RmaNumber.Length);
        builder.HasIndex(r => r.Rma).IsUnique();
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(30);
        builder.HasIndex(r => r.Status);
        // Analytics recomputes the rollups of a day from the returns created that day (ADR 0041).
        builder.HasIndex(r => r.CreatedAt);
        builder.Property(r => r.Resolution).HasConversion<string>().HasMaxLength(30);
        builder.Property(r => r.Method).HasConversion<string>().HasMaxLength(30);
        builder.Property(r => r.Language).HasMaxLength(ReturnRequest.LanguageLength);
        builder.Property(r => r.CarrierTrackingNumber).HasMaxLength(ReturnRequest.TrackingLength);
        builder.HasIndex(r => r.CarrierTrackingNumber);
        builder.Property(r => r.DecidedBy).HasMaxLength(ReturnRequest.ActorLength);
        builder.Property(r => r.CreatedBy).HasMaxLength(ReturnRequest.ActorLength);
        builder.Property(r => r.UpdatedBy).HasMaxLength(ReturnRequest.ActorLength);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasOne(r => r.Order).WithMany().HasForeignKey(r => r.OrderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(r => r.Policy).WithMany().HasForeignKey(r => r.PolicyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<DropOffPoint>().WithMany().HasForeignKey(r => r.DropOffPointId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Lines).WithOne().HasForeignKey(l => l.ReturnRequestId);
        builder.HasMany(r => r.History).WithOne().HasForeignKey(h => h.ReturnRequestId);
        builder.Ignore(r => r.IsFinished);
        builder.Property(r => r.IdempotencyKey).HasMaxLength(ReturnRequest.IdempotencyKeyLength);
        builder.HasIndex(r => r.IdempotencyKey).IsUnique();
        builder.ComplexProperty(r => r.LabelFee, m => m.IsMoney("LabelFee"));
        builder.ComplexProperty(r => r.RefundEstimate, m => m.IsMoney("RefundEstimate"));
        builder.OwnsOne(r => r.Pickup, p =>
        {
            p.Property(a => a.Line1).HasColumnName("PickupLine1").HasMaxLength(Customers.PostalAddress.LineLength);
            p.Property(a => a.Line2).HasColumnName("PickupLine2").HasMaxLength(Customers.PostalAddress.LineLength);
            p.Property(a => a.Postcode).HasColumnName("PickupPostcode").HasMaxLength(Customers.PostalAddress.PostcodeLength);
            p.Property(a => a.City).HasColumnName("PickupCity").HasMaxLength(Customers.PostalAddress.CityLength);
            p.Property(a => a.Date).HasColumnName("PickupDate");
        });
    }
}

internal sealed class ReturnLineConfiguration : IEntityTypeConfiguration<ReturnLine>
{
    public void Configure(EntityTypeBuilder<ReturnLine> builder)
    {
        builder.Property(l => l.Comment).HasMaxLength(ReturnLine.CommentLength);
        builder.HasOne(l => l.OrderLine).WithMany().HasForeignKey(l => l.OrderLineId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(l => l.Reason).WithMany().HasForeignKey(l => l.ReasonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Catalog.ProductVariant>().WithMany().HasForeignKey(l => l.ExchangeVariantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReturnStatusChangeConfiguration : IEntityTypeConfiguration<ReturnStatusChange>
{
    public void Configure(EntityTypeBuilder<ReturnStatusChange> builder)
    {
        builder.ToTable("ReturnStatusChanges");
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.From).HasConversion<string>().HasMaxLength(30);
        builder.Property(h => h.To).HasConversion<string>().HasMaxLength(30);
        builder.Property(h => h.Actor).HasMaxLength(ReturnRequest.ActorLength);
        builder.Property(h => h.Note).HasMaxLength(ReturnStatusChange.NoteLength);
        builder.HasIndex(h => new { h.ReturnRequestId, h.At });
    }
}
