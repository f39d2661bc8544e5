namespace ReturnsPortal.Domain.Policies;

/// <summary>What changed between two versions, field by field, for the version history.</summary>
public static class PolicyDiff
{
    public static IReadOnlyList<PolicyChange> Compare(ReturnPolicy before, ReturnPolicy after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<PolicyChange>();
        void Add<T>(string field, T old, T @new)
        {
            var o = Text(old);
            var n = Text(@new);
            if (o != n)
            {
                changes.Add(new PolicyChange(field, o, n));
            }
        }
        Add("WindowDays", before.WindowDays, after.WindowDays);
        Add("WindowStart", before.WindowStart, after.WindowStart);
        Add("RestockingFeePercent", before.RestockingFeePercent, after.RestockingFeePercent);
        Add("FirstReturnFree", before.FirstReturnFree, after.FirstReturnFree);
        Add("AllowRefund", before.AllowRefund, after.AllowRefund);
        Add("AllowStoreCredit", before.AllowStoreCredit, after.AllowStoreCredit);
        Add("AllowExchange", before.AllowExchange, after.AllowExchange);
        Add("StoreCreditBonusPercent", before.StoreCreditBonusPercent, after.StoreCreditBonusPercent);
        foreach (var currency in before.ApprovalThresholds.Select(t => t.Currency).Union(after.ApprovalThresholds.Select(t => t.Currency)).Order(StringComparer.Ordinal))
        {
            var b = before.ApprovalThresholdFor(currency);
            var a = after.ApprovalThresholdFor(currency);
            Add($"Threshold.{currency}.FourEyes", b?.FourEyes, a?.FourEyes);
            Add($"Threshold.{currency}.WriteOff", b?.WriteOff, a?.WriteOff);
        }
        Add("LabelValidityDays", before.LabelValidityDays, after.LabelValidityDays);
        Add("RefundServiceDays", before.RefundServiceDays, after.RefundServiceDays);
        Add("DeductionPercentA", before.DeductionPercentA, after.DeductionPercentA);
        Add("DeductionPercentB", before.DeductionPercentB, after.DeductionPercentB);
        Add("DeductionPercentC", before.DeductionPercentC, after.DeductionPercentC);
        Add("DeductionPercentD", before.DeductionPercentD, after.DeductionPercentD);
        Add("OfferDropOff", before.OfferDropOff, after.OfferDropOff);
        Add("OfferPickup", before.OfferPickup, after.OfferPickup);
        Add("OfferInStore", before.OfferInStore, after.OfferInStore);
        foreach (var method in Enum.GetValues<ReturnMethod>())
        {
            Add($"Fee.{method}", before.MethodFees.FirstOrDefault(f => f.Method == method)?.Fee, after.MethodFees.FirstOrDefault(f => f.Method == method)?.Fee);
        }
        foreach (var id in before.CategoryOverrides.Select(o => o.CategoryId).Union(after.CategoryOverrides.Select(o => o.CategoryId)).Order())
        {
            var b = before.CategoryOverrides.FirstOrDefault(o => o.CategoryId == id);
            var a = after.CategoryOverrides.FirstOrDefault(o => o.CategoryId == id);
            Add($"Category.{id}.WindowDays", b?.WindowDays, a?.WindowDays);
            Add($"Category.{id}.RestockingFeePercent", b?.RestockingFeePercent, a?.RestockingFeePercent);
            Add($"Category.{id}.NonReturnable", b?.NonReturnable, a?.NonReturnable);
        }
        foreach (var id in before.ProductOverrides.Select(o => o.ProductId).Union(after.ProductOverrides.Select(o => o.ProductId)).Order())
        {
            var b = before.ProductOverrides.FirstOrDefault(o => o.ProductId == id);
            var a = after.ProductOverrides.FirstOrDefault(o => o.ProductId == id);
            Add($"Product.{id}.WindowDays", b?.WindowDays, a?.WindowDays);
            Add($"Product.{id}.NonReturnable", b?.NonReturnable, a?.NonReturnable);
        }
        foreach (var id in before.ReasonResolutions.Select(r => r.ReasonId).Union(after.ReasonResolutions.Select(r => r.ReasonId)).Order())
        {
            Add($"Reason.{id}.Resolutions", Resolutions(before, id), Resolutions(after, id));
        }
        Add("Seasonal", Seasons(before), Seasons(after));
        // Checklist items by code (codes never change): labels, on/off, required, then the order as one line.
        foreach (var code in before.Checklist.Select(c => c.Code).Union(after.Checklist.Select(c => c.Code)).Order(StringComparer.Ordinal))
        {
            var b = before.Checklist.FirstOrDefault(c => c.Code == code);
            var a = after.Checklist.FirstOrDefault(c => c.Code == code);
            Add($"Checklist.{code}.Label", b is null ? null : $"{b.LabelFr} / {b.LabelEn}", a is null ? null : $"{a.LabelFr} / {a.LabelEn}");
            Add($"Checklist.{code}.IsEnabled", b?.IsEnabled, a?.IsEnabled);
            Add($"Checklist.{code}.IsRequired", b?.IsRequired, a?.IsRequired);
        }
        // The order of the items both versions have: an added item is listed above, not as a reordering too.
        var common = before.Checklist.Select(c => c.Code).Intersect(after.Checklist.Select(c => c.Code)).ToHashSet();
        Add("Checklist.Order", ChecklistOrder(before, common), ChecklistOrder(after, common));
        return changes;
    }

    private static string ChecklistOrder(ReturnPolicy policy, HashSet<string> codes) =>
        string.Join(", ", policy.Checklist.Where(c => codes.Contains(c.Code)).OrderBy(c => c.SortOrder).ThenBy(c => c.Code, StringComparer.Ordinal).Select(c => c.Code));

    private static string Seasons(ReturnPolicy policy) =>
        string.Join("; ", policy.SeasonalExtensions.OrderBy(s => s.PurchasedFrom).Select(s => $"{s.PurchasedFrom:yyyy-MM-dd}..{s.PurchasedTo:yyyy-MM-dd} ⇒ {s.ReturnableUntil:yyyy-MM-dd}"));

    /// <summary>What a reason's row allows, e.g. "StoreCredit, Exchange"; no row: null (the policy-wide flags).</summary>
    private static string? Resolutions(ReturnPolicy policy, int reasonId) =>
        policy.ReasonResolutions.FirstOrDefault(r => r.ReasonId == reasonId) is { } row
            ? string.Join(", ", Enum.GetValues<Resolution>().Where(row.Allows))
            : null;

    private static string? Text<T>(T value) => value switch
    {
        null => null,
        decimal d => d.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
        string { Length: 0 } => null,
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
