using ReturnsPortal.Domain.Policies;

namespace ReturnsPortal.Domain.Persistence.Configurations;

internal sealed class ReturnPolicyConfiguration : IEntityTypeConfiguration<ReturnPolicy>
{
    public void Configure(EntityTypeBuilder<ReturnPolicy> builder)
    {
        builder.ToTable("ReturnPolicies");
        builder.Property(p => p.Name).HasMaxLength(ReturnPolicy.NameLength);
        builder.Property(p => p.WindowStart).HasConversion<string>().HasMaxLength(30);
        // Rates, not money: decimal is fine here (see RECIPES: never decimal for amounts).
        builder.Property(p => p.RestockingFeePercent).HasPrecision(5, 2);
        builder.Property(p => p.StoreCreditBonusPercent).HasPrecision(5, 2);
        // Owned: the limits load with every version, so no query can forget them and fail closed by accident (ADR 0125).
        builder.OwnsMany(p => p.ApprovalThresholds, t =>
        {
            t.ToTable("PolicyApprovalThresholds");
            t.WithOwner().HasForeignKey("PolicyId");
            t.Property<int>("Id");
            t.HasKey("Id");
            t.Property(x => x.Currency).HasMaxLength(Money.CurrencyLength);
            t.HasIndex("PolicyId", nameof(PolicyApprovalThreshold.Currency)).IsUnique();
        });
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.Property(p => p.CreatedBy).HasMaxLength(256);
        builder.Property(p => p.UpdatedBy).HasMaxLength(256);
        builder.HasMany(p => p.MethodFees).WithOne().HasForeignKey(f => f.PolicyId);
        builder.HasMany(p => p.CategoryOverrides).WithOne().HasForeignKey(o => o.PolicyId);
        builder.HasMany(p => p.Checklist).WithOne().HasForeignKey(c => c.PolicyId);
        builder.HasMany(p => p.SeasonalExtensions).WithOne().HasForeignKey(e => e.PolicyId);
        builder.HasMany(p => p.ProductOverrides).WithOne().HasForeignKey(o => o.PolicyId);
        builder.HasMany(p => p.ReasonResolutions).WithOne().HasForeignKey(r => r.PolicyId);
        // Two managers publishing from the same version: the second insert fails here (ADR 0080).
        builder.HasIndex(p => new { p.Name, p.VersionNumber }).IsUnique();
        builder.Property(p => p.PublishedBy).HasMaxLength(256);
        builder.Property(p => p.ChangeSummary).HasMaxLength(ReturnPolicy.ChangeSummaryLength);
        builder.Property(p => p.ChangeNote).HasMaxLength(ReturnPolicy.ChangeNoteLength);
        builder.Property(p => p.DeductionPercentA).HasPrecision(5, 2);
        builder.Property(p => p.DeductionPercentB).HasPrecision(5, 2);
        builder.Property(p => p.DeductionPercentC).HasPrecision(5, 2);
        builder.Property(p => p.DeductionPercentD).HasPrecision(5, 2);
    }
}

internal sealed class PolicySeasonalExtensionConfiguration : IEntityTypeConfiguration<PolicySeasonalExtension>
{
    public void Configure(EntityTypeBuilder<PolicySeasonalExtension> builder) => builder.HasIndex(e => e.PolicyId);
}

internal sealed class PolicyProductOverrideConfiguration : IEntityTypeConfiguration<PolicyProductOverride>
{
    public void Configure(EntityTypeBuilder<PolicyProductOverride> builder)
    {
        builder.HasIndex(o => new { o.PolicyId, o.ProductId }).IsUnique();
        builder.HasOne(o => o.Product).WithMany().HasForeignKey(o => o.ProductId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(o => o.NonReturnable).HasConversion<string>().HasMaxLength(30);
    }
}

internal sealed class PolicyReasonResolutionConfiguration : IEntityTypeConfiguration<PolicyReasonResolution>
{
    public void Configure(EntityTypeBuilder<PolicyReasonResolution> builder)
    {
        builder.ToTable("PolicyReasonResolutions");
        builder.HasIndex(r => new { r.PolicyId, r.ReasonId }).IsUnique();
        // Reasons are retired, never deleted: a version keeps its rows for them.
        builder.HasOne(r => r.Reason).WithMany().HasForeignKey(r => r.ReasonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PolicyMethodFeeConfiguration : IEntityTypeConfiguration<PolicyMethodFee>
{
    public void Configure(EntityTypeBuilder<PolicyMethodFee> builder)
    {
        builder.Property(f => f.Method).HasConversion<string>().HasMaxLength(30);
        builder.HasIndex(f => new { f.PolicyId, f.Method }).IsUnique();
        builder.ComplexProperty(f => f.Fee, m => m.IsMoney("Fee"));
    }
}

internal sealed class PolicyCategoryOverrideConfiguration : IEntityTypeConfiguration<PolicyCategoryOverride>
{
    public void Configure(EntityTypeBuilder<PolicyCategoryOverride> builder)
    {
        builder.HasIndex(o => new { o.PolicyId, o.CategoryId }).IsUnique();
        builder.Property(o => o.RestockingFeePercent).HasPrecision(5, 2);
        builder.Property(o => o.NonReturnable).HasConversion<string>().HasMaxLength(30);
        builder.HasOne(o => o.Category).WithMany().HasForeignKey(o => o.CategoryId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PolicyChecklistItemConfiguration : IEntityTypeConfiguration<PolicyChecklistItem>
{
    public void Configure(EntityTypeBuilder<PolicyChecklistItem> builder)
    {
        builder.Property(c => c.Code).HasMaxLength(PolicyChecklistItem.CodeLength);
        builder.Property(c => c.LabelFr).HasMaxLength(PolicyChecklistItem.LabelLength);
        builder.Property(c => c.LabelEn).HasMaxLength(PolicyChecklistItem.LabelLength);
        builder.HasIndex(c => new { c.PolicyId, c.Code }).IsUnique();
    }
}
