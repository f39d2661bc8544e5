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
        // The analytics disposition mix recomputes a day's decisions (ADR 0047): a range, not a scan.
        builder.HasIndex(d => d.DecidedAt);
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

/// <summary>The back-office columns of a return (applied on top of <see cref="ReturnRequestConfiguration"/>).</summary>
internal sealed class ReturnRequestBackOfficeConfiguration : IEntityTypeConfiguration<ReturnRequest>
{
    public void Configure(EntityTypeBuilder<ReturnRequest> builder)
    {
        builder.Property(r => r.DisputeNote).HasMaxLength(ReturnRequest.DisputeNoteLength);
    }
}

internal sealed class StoreCreditAccountConfiguration : IEntityTypeConfiguration<StoreCreditAccount>
{
    public void Configure(EntityTypeBuilder<StoreCreditAccount> builder)
    {
        builder.ToTable("StoreCreditAccounts");
        builder.Property(a => a.Code).HasMaxLength(StoreCreditAccount.CodeLength);
        builder.HasIndex(a => a.Code).IsUnique();
        builder.Property(a => a.CustomerEmail).HasMaxLength(StoreCreditAccount.EmailLength);
        // One account per customer: two settlements racing to open it cannot make two.
        builder.HasIndex(a => a.CustomerEmail).IsUnique();
        builder.Property(a => a.Currency).HasMaxLength(Common.Money.CurrencyLength);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasMany(a => a.Entries).WithOne().HasForeignKey(e => e.AccountId);
        builder.Ignore(a => a.Balance);
    }
}

internal sealed class StoreCreditEntryConfiguration : IEntityTypeConfiguration<StoreCreditEntry>
{
    public void Configure(EntityTypeBuilder<StoreCreditEntry> builder)
    {
        builder.ToTable("StoreCreditEntries");
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(10);
        builder.ComplexProperty(e => e.Amount, m => m.IsMoney("Amount"));
        builder.Property(e => e.Reference).HasMaxLength(StoreCreditEntry.ReferenceLength);
        builder.Property(e => e.IdempotencyKey).HasMaxLength(StoreCreditEntry.KeyLength);
        // Exactly once: a retried settlement or redemption cannot write a second entry.
        builder.HasIndex(e => e.IdempotencyKey).IsUnique();
        builder.Property(e => e.CreatedBy).HasMaxLength(ReturnRequest.ActorLength);
        builder.HasOne(e => e.Settlement).WithMany().HasForeignKey(e => e.SettlementId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => e.SettlementId);
    }
}
