using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Persistence.Configurations;

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
    }
}

internal sealed class SettlementConfiguration : IEntityTypeConfiguration<Settlement>
{
    public void Configure(EntityTypeBuilder<Settlement> builder)
    {
        builder.ToTable("Settlements");
        builder.Property(s => s.IdempotencyKey).HasMaxLength(Settlement.KeyLength);
        // The exactly-once guarantee: a second settlement for the same key cannot be stored.
        builder.HasIndex(s => s.IdempotencyKey).IsUnique();
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(30);
        builder.ComplexProperty(s => s.Amount, m => m.IsMoney("Amount"));
        builder.ComplexProperty(s => s.Bonus, m => m.IsMoney("Bonus"));
        builder.Property(s => s.Reference).HasMaxLength(Settlement.ReferenceLength);
        builder.Property(s => s.CreatedBy).HasMaxLength(ReturnRequest.ActorLength);
        builder.HasOne<ReturnRequest>().WithMany().HasForeignKey(s => s.ReturnRequestId).OnDelete(DeleteBehavior.Restrict);
    }
}

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
    }
}

/// <summary>The warehouse columns of a return line (applied on top of <see cref="ReturnLineConfiguration"/>).</summary>
internal sealed class ReturnLineWarehouseConfiguration : IEntityTypeConfiguration<ReturnLine>
{
    public void Configure(EntityTypeBuilder<ReturnLine> builder)
    {
        builder.Property(l => l.ReceiptOutcome).HasConversion<string>().HasMaxLength(30);
        builder.Property(l => l.Grade).HasConversion<string>().HasMaxLength(1);
        builder.Property(l => l.SerialCheck).HasConversion<string>().HasMaxLength(30);
        builder.Property(l => l.ChecklistPassed).HasMaxLength(ReturnLine.ChecklistLength);
        builder.Property(l => l.InspectionNotes).HasMaxLength(ReturnLine.NotesLength);
        builder.Property(l => l.InspectedBy).HasMaxLength(ReturnRequest.ActorLength);
        builder.Ignore(l => l.IsReceived);
    }
}
