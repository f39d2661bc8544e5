using ReturnsPortal.Domain.Operations;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class JobLeaseConfiguration : IEntityTypeConfiguration<JobLease>
{
    public void Configure(EntityTypeBuilder<JobLease> builder)
    {
        builder.ToTable("JobLeases");
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasMaxLength(JobLease.NameLength);
        builder.Property(l => l.Holder).HasMaxLength(JobLease.HolderLength);
    }
}

internal sealed class StoredFileConfiguration : IEntityTypeConfiguration<StoredFile>
{
    public void Configure(EntityTypeBuilder<StoredFile> builder)
    {
        builder.ToTable("StoredFiles");
        builder.HasKey(f => f.Key);
        builder.Property(f => f.Key).HasMaxLength(StoredFile.KeyLength);
        builder.Property(f => f.ContentType).HasMaxLength(StoredFile.ContentTypeLength);
    }
}

internal sealed class RateLimitCounterConfiguration : IEntityTypeConfiguration<RateLimitCounter>
{
    public void Configure(EntityTypeBuilder<RateLimitCounter> builder)
    {
        builder.ToTable("RateLimitCounters");
        builder.HasKey(c => c.Key);
        builder.Property(c => c.Key).HasMaxLength(RateLimitCounter.KeyLength);
        // The sweep of expired counters (ADR 0111) reads this index, not the whole table.
        builder.HasIndex(c => c.WindowEnd);
    }
}
