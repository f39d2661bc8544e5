using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Logistics;

namespace ReturnsPortal.Domain.Persistence.Configurations;

/// <summary>
/// The <see cref="ReturnRequest"/> aggregate: the return itself, then its parts (lines with their photos, inspection
/// photos and decision; the status history), each mapped by a class below.
/// </summary>
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
        // GET /api/v1/returns pages on (UpdatedAt, Id).
        builder.HasIndex(r => new { r.UpdatedAt, r.Id });
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
        // The routed warehouse (ADR 0083).
        builder.HasOne<Warehouse>().WithMany().HasForeignKey(r => r.WarehouseId).OnDelete(DeleteBehavior.Restrict);
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

        // Assisted returns and goodwill (ADR 0036, 0037).
        builder.ComplexProperty(r => r.Assistance, a =>
        {
            a.Property(x => x.By).HasColumnName("AssistedBy").HasMaxLength(ReturnRequest.ActorLength);
            a.Property(x => x.Channel).HasColumnName("AssistChannel").HasConversion<string>().HasMaxLength(30);
        });
        builder.Property(r => r.GoodwillReason).HasMaxLength(ReturnRequest.GoodwillReasonLength);
        builder.Property(r => r.GoodwillGrantedBy).HasMaxLength(ReturnRequest.ActorLength);
        // The analytics goodwill KPI reads the goodwill returns created in a period.
        builder.HasIndex(r => new { r.IsGoodwill, r.CreatedAt });

        // Back-office endings (ADR 0032). Complex types keep their former column names: analytics SQL reads them (ADR 0103).
        builder.ComplexProperty(r => r.Dispute, d =>
        {
            d.Property(x => x.IsOpen).HasColumnName("IsDisputed");
            d.Property(x => x.Note).HasColumnName("DisputeNote").HasMaxLength(ReturnRequest.DisputeNoteLength);
        });
    }
}

/// <summary>A line of a <see cref="ReturnRequest"/>: what was declared, then received, graded and decided.</summary>
internal sealed class ReturnLineConfiguration : IEntityTypeConfiguration<ReturnLine>
{
    public void Configure(EntityTypeBuilder<ReturnLine> builder)
    {
        builder.Property(l => l.Comment).HasMaxLength(ReturnLine.CommentLength);
        builder.HasOne(l => l.OrderLine).WithMany().HasForeignKey(l => l.OrderLineId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(l => l.Reason).WithMany().HasForeignKey(l => l.ReasonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Catalog.ProductVariant>().WithMany().HasForeignKey(l => l.ExchangeVariantId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(l => l.GoodwillOverride).HasConversion<string>().HasMaxLength(30);

        // The warehouse columns: receipt and inspection.
        builder.Property(l => l.ReceiptOutcome).HasConversion<string>().HasMaxLength(30);
        builder.Property(l => l.Grade).HasConversion<string>().HasMaxLength(1);
        builder.Property(l => l.SerialCheck).HasConversion<string>().HasMaxLength(30);
        builder.Property(l => l.ChecklistPassed).HasMaxLength(ReturnLine.ChecklistLength);
        builder.Property(l => l.InspectionNotes).HasMaxLength(ReturnLine.NotesLength);
        builder.Property(l => l.InspectedBy).HasMaxLength(ReturnRequest.ActorLength);
        builder.Ignore(l => l.IsReceived);
        builder.HasMany(l => l.InspectionPhotos).WithOne().HasForeignKey(p => p.ReturnLineId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>A customer's photo of a returned line.</summary>
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

/// <summary>The decision on a return line (one per line; decided again after a send-back, the same row changes).</summary>
internal sealed class LineDecisionConfiguration : IEntityTypeConfiguration<LineDecision>
{
    public void Configure(EntityTypeBuilder<LineDecision> builder)
    {
        builder.ToTable("LineDecisions");
        builder.HasIndex(d => d.ReturnLineId).IsUnique();
        builder.HasOne<ReturnLine>().WithOne(l => l.Decision).HasForeignKey<LineDecision>(d => d.ReturnLineId);
        builder.Property(d => d.Verdict).HasConversion<string>().HasMaxLength(30);
        builder.Property(d => d.Disposition).HasConversion<string>().HasMaxLength(30);
        builder.ComplexProperty(d => d.PricePaid, m => m.IsMoney("PricePaid"));
        builder.ComplexProperty(d => d.RestockingFee, m => m.IsMoney("RestockingFee"));
        builder.ComplexProperty(d => d.LabelFee, m => m.IsMoney("LabelFee"));
        builder.ComplexProperty(d => d.Deduction, m => m.IsMoney("Deduction"));
        builder.ComplexProperty(d => d.Total, m => m.IsMoney("Total"));
        builder.Property(d => d.DecidedBy).HasMaxLength(ReturnRequest.ActorLength);
        // The analytics disposition mix recomputes a day's decisions (ADR 0047): a range, not a scan.
        builder.HasIndex(d => d.DecidedAt);
    }
}

/// <summary>One step of a return's history.</summary>
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
