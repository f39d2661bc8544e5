using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Policies;

/// <summary>One broken guard rail: a stable code (the page turns it into a localised message) and the field it is about.</summary>
/// <param name="Field">"WindowDays", "Fee.Pickup", "Category.3.WindowDays", "Seasonal.0", "Product.1"…</param>
public sealed record PolicyError(string Code, string Field);

/// <summary>
/// The guard rails of a policy version (docs/decisions/0081-policy-guard-rails.md): what would mislead customers or
/// break the law is refused before publishing. The legal rights themselves are not fields: the 14-day withdrawal and
/// the 2-year conformity guarantee apply whatever the window, and the public page always states them; what a policy
/// could do to hide them (no refund at all, a refund promised later than the law allows) is refused here.
/// </summary>
public static class PolicyRules
{
    /// <summary>Two years: longer windows are possible but are a typing mistake far more often than a choice.</summary>
    public const int MaxWindowDays = 730;
    public const int MaxLabelValidityDays = 90;
    /// <summary>A withdrawal must be refunded within 14 days (L221-24): a slower promise would break the law.</summary>
    public const int MaxRefundServiceDays = 14;

    /// <param name="cheapestItemPrice">The lowest price in the catalogue: a label fee above it would swallow the whole refund of that item.</param>
    /// <param name="reasons">The reasons the per-reason rows refer to (their defect and merchant-fault flags); rows of unknown reasons are checked for "at least one" only.</param>
    public static IReadOnlyList<PolicyError> Check(ReturnPolicy policy, Money? cheapestItemPrice, IEnumerable<ReturnReason>? reasons = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var errors = new List<PolicyError>();
        Window(policy.WindowDays, "WindowDays", errors);
        Percent(policy.RestockingFeePercent, "policy.restocking_range", "RestockingFeePercent", errors);
        Percent(policy.StoreCreditBonusPercent, "policy.bonus_range", "StoreCreditBonusPercent", errors);
        Percent(policy.DeductionPercentA, "policy.deduction_range", "DeductionPercentA", errors);
        Percent(policy.DeductionPercentB, "policy.deduction_range", "DeductionPercentB", errors);
        Percent(policy.DeductionPercentC, "policy.deduction_range", "DeductionPercentC", errors);
        Percent(policy.DeductionPercentD, "policy.deduction_range", "DeductionPercentD", errors);
        if (policy.FourEyesThreshold.Minor < 0)
        {
            errors.Add(new("policy.four_eyes_negative", "FourEyesThreshold"));
        }
        if (policy.LabelValidityDays is < 1 or > MaxLabelValidityDays)
        {
            errors.Add(new("policy.label_validity_range", "LabelValidityDays"));
        }
        if (policy.RefundServiceDays is < 1 or > MaxRefundServiceDays)
        {
            errors.Add(new("policy.refund_days_range", "RefundServiceDays"));
        }
        // Withdrawal and conformity always end in a refund: a policy without one would tell customers otherwise.
        if (!policy.AllowRefund)
        {
            errors.Add(new("policy.refund_required", "AllowRefund"));
        }
        // A policy offering no way to send the items back would leave the legal withdrawal without a procedure.
        if (!policy.OfferDropOff && !policy.OfferPickup && !policy.OfferInStore)
        {
            errors.Add(new("policy.method_required", "OfferDropOff"));
        }
        foreach (var fee in policy.MethodFees)
        {
            var field = $"Fee.{fee.Method}";
            if (fee.Fee.Minor < 0)
            {
                errors.Add(new("policy.fee_negative", field));
            }
            else if (cheapestItemPrice is { } cheapest && fee.Fee.Minor > cheapest.Minor)
            {
                errors.Add(new("policy.fee_above_price", field));
            }
        }
        foreach (var o in policy.CategoryOverrides)
        {
            if (o.WindowDays is { } days)
            {
                Window(days, $"Category.{o.CategoryId}.WindowDays", errors);
            }
            if (o.RestockingFeePercent is { } percent)
            {
                Percent(percent, "policy.restocking_range", $"Category.{o.CategoryId}.RestockingFeePercent", errors);
            }
        }
        for (var i = 0; i < policy.ProductOverrides.Count; i++)
        {
            if (policy.ProductOverrides[i].WindowDays is { } days)
            {
                Window(days, $"Product.{i}", errors);
            }
            if (policy.ProductOverrides.FindIndex(p => p.ProductId == policy.ProductOverrides[i].ProductId) != i)
            {
                errors.Add(new("policy.product_duplicate", $"Product.{i}"));
            }
        }
        ReasonRows(policy, reasons, errors);
        ChecklistRows(policy, errors);
        for (var i = 0; i < policy.SeasonalExtensions.Count; i++)
        {
            var s = policy.SeasonalExtensions[i];
            if (s.PurchasedTo < s.PurchasedFrom)
            {
                errors.Add(new("policy.seasonal_ends_before_start", $"Seasonal.{i}"));
            }
            else if (s.ReturnableUntil < s.PurchasedTo)
            {
                errors.Add(new("policy.seasonal_until_before_end", $"Seasonal.{i}"));
            }
        }
        return errors;
    }

    private static void ReasonRows(ReturnPolicy policy, IEnumerable<ReturnReason>? reasons, List<PolicyError> errors)
    {
        var byId = (reasons ?? []).ToDictionary(r => r.Id);
        foreach (var row in policy.ReasonResolutions)
        {
            var field = $"Reason.{row.ReasonId}";
            // A faulty item or the merchant's mistake gives the customer a legal remedy that ends in a refund.
            if (!row.AllowRefund && ((row.Reason ?? byId.GetValueOrDefault(row.ReasonId)) is { } reason && (reason.IsDefect || reason.IsMerchantFault)))
            {
                errors.Add(new("policy.reason_refund_required", field));
            }
            else if (!Enum.GetValues<Resolution>().Any(r => policy.Allows(r, [row.ReasonId])))
            {
                errors.Add(new("policy.reason_resolution_required", field));
            }
        }
    }

    /// <summary>Each checklist item's code, labels and state (ADR 0086); fields are "Checklist.{index}.{Code|LabelFr|LabelEn|IsRequired}".</summary>
    private static void ChecklistRows(ReturnPolicy policy, List<PolicyError> errors)
    {
        for (var i = 0; i < policy.Checklist.Count; i++)
        {
            var item = policy.Checklist[i];
            if (item.Problem() is { } problem)
            {
                errors.Add(new(problem.Code, $"Checklist.{i}.{problem.Field}"));
            }
            else if (policy.Checklist.FindIndex(c => c.Code == item.Code) != i)
            {
                errors.Add(new("policy.checklist_code_duplicate", $"Checklist.{i}.Code"));
            }
        }
    }

    private static void Window(int days, string field, List<PolicyError> errors)
    {
        if (days <= 0)
        {
            errors.Add(new("policy.window_not_positive", field));
        }
        else if (days > MaxWindowDays)
        {
            errors.Add(new("policy.window_too_long", field));
        }
    }

    private static void Percent(decimal value, string code, string field, List<PolicyError> errors)
    {
        if (value is < 0 or > 100)
        {
            errors.Add(new(code, field));
        }
    }
}

/// <summary>The policy refused to publish: every broken guard rail.</summary>
public sealed class PolicyRulesException(IReadOnlyList<PolicyError> errors)
    : DomainException("policy.invalid", "The policy breaks guard rails: " + string.Join(", ", errors.Select(e => $"{e.Code} ({e.Field})")))
{
    public IReadOnlyList<PolicyError> Errors { get; } = errors;
}

/// <summary>Publishing: the proposed terms become the next version, the current one is superseded (ADR 0080).</summary>
public static class PolicyVersions
{
    public static ReturnPolicy Publish(
        ReturnPolicy current, ReturnPolicy proposed, string publishedBy, string? note, DateTime nowUtc, Money? cheapestItemPrice,
        IEnumerable<ReturnReason>? reasons = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(proposed);
        if (!current.IsDefault || current.SupersededAt is not null)
        {
            throw new DomainException("policy.superseded", $"Version {current.VersionNumber} is no longer the current policy.");
        }
        var errors = PolicyRules.Check(proposed, cheapestItemPrice, reasons);
        if (errors.Count > 0)
        {
            throw new PolicyRulesException(errors);
        }
        var changes = PolicyDiff.Compare(current, proposed);
        if (changes.Count == 0)
        {
            throw new DomainException("policy.nothing_changed", "The proposed terms are those of the current version.");
        }
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note is { Length: > ReturnPolicy.ChangeNoteLength })
        {
            throw new DomainException("policy.note_too_long", "The change note is too long.");
        }
        proposed.Name = current.Name;
        proposed.VersionNumber = current.VersionNumber + 1;
        proposed.IsDefault = true;
        proposed.PublishedAt = nowUtc;
        proposed.PublishedBy = publishedBy;
        proposed.ChangeNote = note;
        var summary = string.Join('\n', changes.Select(c => c.ToString()));
        proposed.ChangeSummary = summary.Length <= ReturnPolicy.ChangeSummaryLength ? summary : summary[..(ReturnPolicy.ChangeSummaryLength - 1)] + "…";
        current.IsDefault = false;
        current.SupersededAt = nowUtc;
        return proposed;
    }
}

/// <summary>One changed term: the field, its old and new values (invariant text).</summary>
public sealed record PolicyChange(string Field, string? Old, string? New)
{
    public override string ToString() => $"{Field}: {Old ?? "—"} → {New ?? "—"}";
}

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
        Add("FourEyesThreshold", before.FourEyesThreshold, after.FourEyesThreshold);
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
