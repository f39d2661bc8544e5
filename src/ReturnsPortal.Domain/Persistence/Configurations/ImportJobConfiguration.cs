using ReturnsPortal.Domain.Integrations;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> builder)
    {
        builder.Property(j => j.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(j => j.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(j => j.FileName).HasMaxLength(ImportJob.FileNameLength);
        builder.Property(j => j.Detected).HasMaxLength(100);
        builder.Property(j => j.CreatedBy).HasMaxLength(ReturnRequest.ActorLength);
        builder.HasIndex(j => j.Status);
        builder.Ignore(j => j.IsFinished);
        builder.Ignore(j => j.Percent);
    }
}
