using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReturnsPortal.Domain.Analytics;

namespace ReturnsPortal.Domain.Persistence.Configurations;

// Rollups are derived data (ADR 0041): no foreign keys (category 0 means "all"), keys that start with what the
// dashboard filters on so that a period reads one index range.
internal sealed class SalesDailyConfiguration : IEntityTypeConfiguration<SalesDaily>
{
    public void Configure(EntityTypeBuilder<SalesDaily> builder)
    {
        builder.ToTable("AnalyticsSalesDaily");
        builder.HasKey(s => new { s.Day, s.ProductId });
        builder.HasIndex(s => new { s.CategoryId, s.Day });
    }
}

internal sealed class ReturnLinesDailyConfiguration : IEntityTypeConfiguration<ReturnLinesDaily>
{
    public void Configure(EntityTypeBuilder<ReturnLinesDaily> builder)
    {
        builder.ToTable("AnalyticsReturnLinesDaily");
        builder.HasKey(s => new { s.Day, s.ProductId, s.ReasonId });
        builder.HasIndex(s => new { s.CategoryId, s.Day });
        // The top reasons of the few problem products (ADR 0043).
        builder.HasIndex(s => new { s.ProductId, s.Day });
    }
}

internal sealed class ReturnsDailyConfiguration : IEntityTypeConfiguration<ReturnsDaily>
{
    public void Configure(EntityTypeBuilder<ReturnsDaily> builder)
    {
        builder.ToTable("AnalyticsReturnsDaily");
        builder.HasKey(s => new { s.CategoryId, s.Grain, s.Day, s.Status, s.Resolution, s.ReachedResolved, s.WarehouseId });
        // The catch-up deletes and re-sums whole days, weeks and months of every category: without it each of those
        // statements read the whole table (~400 ms apiece at a million returns, ADR 0090).
        builder.HasIndex(s => new { s.Grain, s.Day });
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(30);
        builder.Property(s => s.Resolution).HasConversion<string>().HasMaxLength(30);
    }
}

internal sealed class DurationsDailyConfiguration : IEntityTypeConfiguration<DurationsDaily>
{
    public void Configure(EntityTypeBuilder<DurationsDaily> builder)
    {
        builder.ToTable("AnalyticsDurationsDaily");
        builder.HasKey(s => new { s.CategoryId, s.Grain, s.Day, s.Stage, s.Bucket, s.WarehouseId });
        // The catch-up deletes and re-sums whole days, weeks and months of every category: without it each of those
        // statements read the whole table (~400 ms apiece at a million returns, ADR 0090).
        builder.HasIndex(s => new { s.Grain, s.Day });
        builder.Property(s => s.Stage).HasConversion<string>().HasMaxLength(30);
    }
}

internal sealed class RollupMarkConfiguration : IEntityTypeConfiguration<RollupMark>
{
    public void Configure(EntityTypeBuilder<RollupMark> builder)
    {
        builder.ToTable("AnalyticsRollupMarks");
        builder.HasKey(m => m.Id);
    }
}

internal sealed class RollupStateConfiguration : IEntityTypeConfiguration<RollupState>
{
    public void Configure(EntityTypeBuilder<RollupState> builder)
    {
        builder.ToTable("AnalyticsRollupState");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        // The migration creates the one row; generation 0 before any rollup is written (ADR 0088).
        builder.HasData(new RollupState { Id = RollupState.SingletonId, Generation = 0 });
    }
}

// Coarse rollups (ADR 0043): the grain leads the key so that "whole weeks" and "edge days" are index ranges.
internal sealed class ProductRollupConfiguration : IEntityTypeConfiguration<ProductRollup>
{
    public void Configure(EntityTypeBuilder<ProductRollup> builder)
    {
        builder.ToTable("AnalyticsProductRollup");
        builder.HasKey(s => new { s.Grain, s.Day, s.ProductId });
    }
}

internal sealed class CategoryRollupConfiguration : IEntityTypeConfiguration<CategoryRollup>
{
    public void Configure(EntityTypeBuilder<CategoryRollup> builder)
    {
        builder.ToTable("AnalyticsCategoryRollup");
        builder.HasKey(s => new { s.Grain, s.Day, s.CategoryId });
    }
}

internal sealed class DispositionRollupConfiguration : IEntityTypeConfiguration<DispositionRollup>
{
    public void Configure(EntityTypeBuilder<DispositionRollup> builder)
    {
        builder.ToTable("AnalyticsDispositionRollup");
        builder.HasKey(s => new { s.Grain, s.Day, s.CategoryId, s.Disposition, s.WarehouseId });
    }
}

internal sealed class ReasonRollupConfiguration : IEntityTypeConfiguration<ReasonRollup>
{
    public void Configure(EntityTypeBuilder<ReasonRollup> builder)
    {
        builder.ToTable("AnalyticsReasonRollup");
        builder.HasKey(s => new { s.Grain, s.Day, s.CategoryId, s.ReasonId, s.WarehouseId });
    }
}

// Problem-product alerts (ADR 0045): one per product and kind, so a detection pass run twice (the daily job and the
// page's button) cannot open the same alert twice; the figures are two sets of columns of one record type.
internal sealed class AnalyticsAlertConfiguration : IEntityTypeConfiguration<AnalyticsAlert>
{
    public void Configure(EntityTypeBuilder<AnalyticsAlert> builder)
    {
        builder.ToTable("AnalyticsAlerts");
        builder.HasIndex(a => new { a.ProductId, a.Kind }).IsUnique();
        builder.HasIndex(a => new { a.Status, a.LastSeenAt });
        builder.HasOne(a => a.Product).WithMany().HasForeignKey(a => a.ProductId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.AcknowledgedBy).HasMaxLength(AnalyticsAlert.ActorLength);
        builder.Property(a => a.AcknowledgementNote).HasMaxLength(AnalyticsAlert.NoteLength);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.ComplexProperty(a => a.Detected);
        builder.ComplexProperty(a => a.Current);
    }
}
