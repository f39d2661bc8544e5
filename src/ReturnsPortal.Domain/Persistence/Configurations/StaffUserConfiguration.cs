using ReturnsPortal.Domain.Staff;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class StaffUserConfiguration : IEntityTypeConfiguration<StaffUser>
{
    public void Configure(EntityTypeBuilder<StaffUser> builder) =>
        builder.Property(u => u.DisplayName).HasMaxLength(StaffUser.DisplayNameLength);
}
