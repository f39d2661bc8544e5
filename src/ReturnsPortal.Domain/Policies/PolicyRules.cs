namespace ReturnsPortal.Domain.Policies;

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
        ApprovalThresholdRows(policy, errors);
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

    /// <summary>The four-eyes limits per currency (ADR 0125); fields are "Threshold.{index}.{Currency|FourEyes|WriteOff}".</summary>
    private static void ApprovalThresholdRows(ReturnPolicy policy, List<PolicyError> errors)
    {
        for (var i = 0; i < policy.ApprovalThresholds.Count; i++)
        {
            var row = policy.ApprovalThresholds[i];
            if (!CurrencyCodes.IsKnown(row.Currency))
            {
                errors.Add(new("policy.threshold_currency_unknown", $"Threshold.{i}.Currency"));
            }
            else if (policy.ApprovalThresholds.FindIndex(t => t.Currency == row.Currency) != i)
            {
                errors.Add(new("policy.threshold_currency_duplicate", $"Threshold.{i}.Currency"));
            }
            if (row.FourEyesMinor < 0)
            {
                errors.Add(new("policy.four_eyes_negative", $"Threshold.{i}.FourEyes"));
            }
            if (row.WriteOffMinor < 0)
            {
                errors.Add(new("policy.write_off_negative", $"Threshold.{i}.WriteOff"));
            }
        }
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
