using ReturnsPortal.Domain.Policies;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class ReturnReasonConfiguration : IEntityTypeConfiguration<ReturnReason>
{
    public void Configure(EntityTypeBuilder<ReturnReason> builder)
    {
        builder.Property(r => r.Code).HasMaxLength(ReturnReason.CodeLength);
        builder.HasIndex(r => r.Code).IsUnique();
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Property(r => r.LabelFr).HasMaxLength(ReturnReason.LabelLength);
        builder.Property(r => r.LabelEn).HasMaxLength(ReturnReason.LabelLength);
    }
}
