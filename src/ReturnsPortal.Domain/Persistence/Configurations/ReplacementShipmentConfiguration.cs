using ReturnsPortal.Domain.Inventory;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class ReplacementShipmentConfiguration : IEntityTypeConfiguration<ReplacementShipment>
{
    public void Configure(EntityTypeBuilder<ReplacementShipment> builder)
    {
        builder.Property(s => s.Reference).HasMaxLength(ReplacementShipment.ReferenceLength);
        builder.Property(s => s.CreatedBy).HasMaxLength(StockMovement.ActorLength);
        // One replacement per exchange, whatever retries or second instances do.
        builder.HasIndex(s => s.ReturnRequestId).IsUnique();
        builder.HasOne<ReturnRequest>().WithMany().HasForeignKey(s => s.ReturnRequestId).OnDelete(DeleteBehavior.Restrict);
    }
}
