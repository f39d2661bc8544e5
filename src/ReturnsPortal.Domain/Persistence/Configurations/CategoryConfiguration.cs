using ReturnsPortal.Domain.Catalog;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> builder)
    {
        builder.Property(c => c.Code).HasMaxLength(Category.CodeLength);
        builder.HasIndex(c => c.Code).IsUnique();
        builder.Property(c => c.NameFr).HasMaxLength(Category.NameLength);
        builder.Property(c => c.NameEn).HasMaxLength(Category.NameLength);
    }
}
