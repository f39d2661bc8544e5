using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Persistence.Configurations;

/// <summary>The assisted-return and goodwill columns (ADR 0036, 0037), kept apart from the return's main configuration.</summary>
internal sealed class AssistedReturnConfiguration : IEntityTypeConfiguration<ReturnRequest>
{
    public void Configure(EntityTypeBuilder<ReturnRequest> builder)
    {
        builder.Property(r => r.AssistedBy).HasMaxLength(ReturnRequest.ActorLength);
        builder.Property(r => r.AssistChannel).HasConversion<string>().HasMaxLength(30);
        builder.Property(r => r.GoodwillReason).HasMaxLength(ReturnRequest.GoodwillReasonLength);
        builder.Property(r => r.GoodwillGrantedBy).HasMaxLength(ReturnRequest.ActorLength);
        // The analytics goodwill KPI reads the goodwill returns created in a period.
        builder.HasIndex(r => new { r.IsGoodwill, r.CreatedAt });
    }
}

internal sealed class AssistedReturnLineConfiguration : IEntityTypeConfiguration<ReturnLine>
{
    public void Configure(EntityTypeBuilder<ReturnLine> builder) =>
        builder.Property(l => l.GoodwillOverride).HasConversion<string>().HasMaxLength(30);
}
