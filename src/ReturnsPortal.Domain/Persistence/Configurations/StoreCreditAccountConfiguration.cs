using ReturnsPortal.Domain.BackOffice;

namespace ReturnsPortal.Domain.Persistence.Configurations;

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
