using ReturnsPortal.Domain.Logistics;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class DropOffPointConfiguration : IEntityTypeConfiguration<DropOffPoint>
{
    public void Configure(EntityTypeBuilder<DropOffPoint> builder)
    {
        builder.Property(d => d.Code).HasMaxLength(DropOffPoint.CodeLength);
        builder.HasIndex(d => d.Code).IsUnique();
        builder.Property(d => d.Name).HasMaxLength(DropOffPoint.NameLength);
        builder.Property(d => d.Carrier).HasMaxLength(DropOffPoint.CarrierLength);
        builder.Property(d => d.OpeningHours).HasMaxLength(DropOffPoint.HoursLength);
        builder.Property(d => d.Version).IsConcurrencyToken();
        builder.ComplexProperty(d => d.Address, a => a.IsAddress());
    }
}
