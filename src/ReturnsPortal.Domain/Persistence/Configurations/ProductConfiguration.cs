using ReturnsPortal.Domain.Catalog;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.Property(p => p.Code).HasMaxLength(Product.CodeLength);
        builder.HasIndex(p => p.Code).IsUnique();
        builder.Property(p => p.Name).HasMaxLength(Product.NameLength);
        builder.Property(p => p.Brand).HasMaxLength(Product.NameLength);
        builder.Property(p => p.NonReturnableReason).HasConversion<string>().HasMaxLength(30);
        builder.HasOne(p => p.Category).WithMany().HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(p => p.Variants).WithOne(v => v.Product).HasForeignKey(v => v.ProductId);
    }
}

internal sealed class ProductVariantConfiguration : IEntityTypeConfiguration<ProductVariant>
{
    public void Configure(EntityTypeBuilder<ProductVariant> builder)
    {
        builder.ToTable("ProductVariants");
        builder.Property(v => v.Sku).HasMaxLength(ProductVariant.SkuLength);
        builder.HasIndex(v => v.Sku).IsUnique();
        builder.Property(v => v.Size).HasMaxLength(ProductVariant.AttributeLength);
        builder.Property(v => v.Colour).HasMaxLength(ProductVariant.AttributeLength);
        builder.ComplexProperty(v => v.Price, m => m.IsMoney("Price"));
    }
}
