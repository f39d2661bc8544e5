namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class ReturnDraftConfiguration : IEntityTypeConfiguration<ReturnDraft>
{
    public void Configure(EntityTypeBuilder<ReturnDraft> builder)
    {
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.HasOne<Orders.Order>().WithMany().HasForeignKey(d => d.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => d.ExpiresAt);
    }
}
