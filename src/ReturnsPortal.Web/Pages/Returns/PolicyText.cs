using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Policies;

namespace ReturnsPortal.Web.Pages.Returns;

/// <summary>
/// What the public policy page says, from one version, with names in the reader's language. The same model renders
/// /returns/policy and the editor's preview (Pages/Shared/_PolicyText.cshtml), so the preview is exactly the page.
/// </summary>
public sealed record PolicyText(
    int VersionNumber, DateTime? PublishedAt, int WindowDays, WindowStart WindowStart,
    IReadOnlyList<PolicyText.NamedDays> CategoryWindows, IReadOnlyList<PolicyText.NamedDays> ProductWindows,
    IReadOnlyList<PolicyText.Season> Seasons, IReadOnlyList<PolicyText.Exclusion> Exclusions,
    IReadOnlyList<PolicyText.Condition> Checklist, IReadOnlyList<PolicyText.MethodFee> Methods, bool FirstReturnFree,
    decimal RestockingFeePercent, IReadOnlyList<PolicyText.NamedPercent> CategoryRestocking,
    bool AllowRefund, bool AllowStoreCredit, decimal StoreCreditBonusPercent, bool AllowExchange,
    int LabelValidityDays, int RefundServiceDays)
{
    public sealed record NamedDays(string Name, int Days);

    public sealed record NamedPercent(string Name, decimal Percent);

    public sealed record Season(DateOnly From, DateOnly To, DateOnly Until);

    public sealed record Exclusion(string Name, NonReturnableReason Reason);

    public sealed record MethodFee(ReturnMethod Method, Money Fee);

    /// <summary>A condition the warehouse checks; required ones are marked on the page (ADR 0086).</summary>
    public sealed record Condition(string Label, bool IsRequired);

    /// <summary>A reason that narrows the resolutions, with what it still allows (ADR 0085).</summary>
    public sealed record ReasonRule(string Reason, IReadOnlyList<Resolution> Allowed);

    public IReadOnlyList<ReasonRule> ReasonRules { get; init; } = [];

    public static async Task<PolicyText> BuildAsync(ReturnsDbContext db, ReturnPolicy policy, bool french, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(policy);
        var categoryIds = policy.CategoryOverrides.Select(o => o.CategoryId).ToList();
        var categories = await db.Categories.AsNoTracking().Where(c => categoryIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => french ? c.NameFr : c.NameEn, ct);
        var productIds = policy.ProductOverrides.Select(o => o.ProductId).ToList();
        var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        string Category(int id) => categories.GetValueOrDefault(id, $"#{id}");
        string Product(int id) => products.GetValueOrDefault(id, $"#{id}");
        var reasonIds = policy.ReasonResolutions.Select(r => r.ReasonId).ToList();
        // The reasons as they are now: a reason flagged defect since publication keeps the refund (ADR 0085, amended).
        var reasons = await db.Reasons.AsNoTracking().Where(r => reasonIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);

        return new PolicyText(
            policy.VersionNumber, policy.PublishedAt, policy.WindowDays, policy.WindowStart,
            [.. policy.CategoryOverrides.Where(o => o.WindowDays is not null && o.NonReturnable is null)
                .Select(o => new NamedDays(Category(o.CategoryId), o.WindowDays!.Value)).OrderBy(n => n.Name, StringComparer.CurrentCulture)],
            [.. policy.ProductOverrides.Where(o => o.WindowDays is not null && o.NonReturnable is null)
                .Select(o => new NamedDays(Product(o.ProductId), o.WindowDays!.Value)).OrderBy(n => n.Name, StringComparer.CurrentCulture)],
            [.. policy.SeasonalExtensions.OrderBy(s => s.PurchasedFrom).Select(s => new Season(s.PurchasedFrom, s.PurchasedTo, s.ReturnableUntil))],
            [.. policy.CategoryOverrides.Where(o => o.NonReturnable is not null).Select(o => new Exclusion(Category(o.CategoryId), o.NonReturnable!.Value))
                .Concat(policy.ProductOverrides.Where(o => o.NonReturnable is not null).Select(o => new Exclusion(Product(o.ProductId), o.NonReturnable!.Value)))],
            // Only the conditions this version checks: a switched-off item is not described to customers.
            [.. policy.EnabledChecklist().Select(c => new Condition(french ? c.LabelFr : c.LabelEn, c.IsRequired))],
            // Only the methods this version offers: a method switched off is not described to customers.
            [.. Enum.GetValues<ReturnMethod>().Where(policy.Offers).Select(m => new MethodFee(m, policy.LabelFee(m, Money.Euro)))],
            policy.FirstReturnFree, policy.RestockingFeePercent,
            [.. policy.CategoryOverrides.Where(o => o.RestockingFeePercent is not null && o.NonReturnable is null)
                .Select(o => new NamedPercent(Category(o.CategoryId), o.RestockingFeePercent!.Value))],
            policy.AllowRefund, policy.AllowStoreCredit, policy.StoreCreditBonusPercent, policy.AllowExchange,
            policy.LabelValidityDays, policy.RefundServiceDays)
        {
            ReasonRules = [.. policy.ReasonResolutions.Where(r => reasons.ContainsKey(r.ReasonId)).OrderBy(r => reasons[r.ReasonId].SortOrder)
                .Select(r => reasons[r.ReasonId]).Select(r => new ReasonRule(french ? r.LabelFr : r.LabelEn, policy.AllowedFor(r)))],
        };
    }
}
