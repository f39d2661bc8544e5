namespace ReturnsPortal.Domain.Policies;

/// <summary>
/// The merchant's commercial return policy; the law (14-day withdrawal, 2-year conformity) applies on top of it.
/// A row is one published version (docs/decisions/0080-policy-versions.md): the current policy is the one marked
/// <see cref="IsDefault"/> (the latest published); publishing copies it into a new row and supersedes it, and a
/// return keeps the id of the version it was created under.
/// </summary>
public sealed class ReturnPolicy : IAudited, IVersioned
{
    public const int NameLength = 100;
    public const int ChangeSummaryLength = 4000;
    public const int ChangeNoteLength = 1000;

    public int Id { get; set; }
    public required string Name { get; set; }
    public bool IsDefault { get; set; }
    public int WindowDays { get; set; } = 30;
    public WindowStart WindowStart { get; set; } = WindowStart.Delivery;
    public decimal RestockingFeePercent { get; set; }
    public bool FirstReturnFree { get; set; }
    public bool AllowRefund { get; set; } = true;
    public bool AllowStoreCredit { get; set; } = true;
    public bool AllowExchange { get; set; } = true;
    public decimal StoreCreditBonusPercent { get; set; }
    /// <summary>
    /// The four-eyes limits per currency (ADR 0125), owned by the version so that they load with it: a currency without
    /// a row always needs a second person.
    /// </summary>
    public List<PolicyApprovalThreshold> ApprovalThresholds { get; } = [];
    public List<PolicyMethodFee> MethodFees { get; } = [];
    public List<PolicyCategoryOverride> CategoryOverrides { get; } = [];
    public List<PolicyChecklistItem> Checklist { get; } = [];
    public List<PolicySeasonalExtension> SeasonalExtensions { get; } = [];
    public List<PolicyProductOverride> ProductOverrides { get; } = [];
    /// <summary>Resolutions narrowed per reason (ADR 0085); a reason without a row follows the policy-wide flags.</summary>
    public List<PolicyReasonResolution> ReasonResolutions { get; } = [];

    /// <summary>1 for the first version, then +1 per publication (unique).</summary>
    public int VersionNumber { get; set; } = 1;
    public DateTime? PublishedAt { get; set; }
    public string? PublishedBy { get; set; }
    /// <summary>The computed list of what changed from the previous version, one "Field: old → new" per line.</summary>
    public string? ChangeSummary { get; set; }
    /// <summary>The publisher's own words about the change.</summary>
    public string? ChangeNote { get; set; }
    /// <summary>When a newer version replaced this one; null for the current version.</summary>
    public DateTime? SupersededAt { get; set; }
    /// <summary>How long a label stays valid after the return is approved; an unused label then expires.</summary>
    public int LabelValidityDays { get; set; } = 30;
    /// <summary>The promised delay to refund after the parcel is received (the law allows at most 14 days).</summary>
    public int RefundServiceDays { get; set; } = 14;
    public decimal DeductionPercentA { get; set; }
    public decimal DeductionPercentB { get; set; } = 10m;
    public decimal DeductionPercentC { get; set; } = 30m;
    public decimal DeductionPercentD { get; set; } = 100m;
    /// <summary>Whether customers may choose each return method (at least one stays on: <see cref="PolicyRules"/>).</summary>
    public bool OfferDropOff { get; set; } = true;
    public bool OfferPickup { get; set; } = true;
    public bool OfferInStore { get; set; } = true;

    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
    public int Version { get; set; }

    public bool Allows(Resolution resolution) => resolution switch
    {
        Resolution.Refund => AllowRefund,
        Resolution.StoreCredit => AllowStoreCredit,
        Resolution.Exchange => AllowExchange,
        _ => false,
    };

    /// <summary>
    /// Whether this version allows a resolution for a return whose lines have these reasons: the policy-wide flag and
    /// every reason's own row (ADR 0085). A reason without a row narrows nothing.
    /// </summary>
    public bool Allows(Resolution resolution, IEnumerable<int> reasonIds)
    {
        ArgumentNullException.ThrowIfNull(reasonIds);
        return Allows(resolution)
            && reasonIds.All(id => ReasonResolutions.FirstOrDefault(r => r.ReasonId == id)?.Allows(resolution) ?? true);
    }

    /// <summary>Whether this version offers a return method to customers.</summary>
    public bool Offers(ReturnMethod method) => method switch
    {
        ReturnMethod.DropOff => OfferDropOff,
        ReturnMethod.Pickup => OfferPickup,
        ReturnMethod.InStore => OfferInStore,
        _ => false,
    };

    /// <summary>
    /// The label fee the customer pays for a return method, in the order's currency; a method with no fee row is free,
    /// and so is one whose fee is set in another currency (no exchange rates here: ADR 0125).
    /// </summary>
    public Money LabelFee(ReturnMethod method, string currency) =>
        MethodFees.FirstOrDefault(f => f.Method == method && f.Fee.Currency == currency)?.Fee ?? Money.Zero(currency);

    /// <summary>The four-eyes limits of a currency; null when the version has none for it (every decision then waits).</summary>
    public PolicyApprovalThreshold? ApprovalThresholdFor(string currency) =>
        ApprovalThresholds.FirstOrDefault(t => string.Equals(t.Currency, currency, StringComparison.Ordinal));

    /// <summary>Sets the four-eyes limits of <paramref name="fourEyes"/>'s currency (the write-off limit: unchanged, or 0 for a new row).</summary>
    public PolicyApprovalThreshold SetApprovalThreshold(Money fourEyes, Money? writeOff = null)
    {
        if (writeOff is { } w && w.Currency != fourEyes.Currency)
        {
            throw new ArgumentException("Both limits are in the same currency.", nameof(writeOff));
        }
        var row = ApprovalThresholdFor(fourEyes.Currency);
        if (row is null)
        {
            row = new PolicyApprovalThreshold { Currency = fourEyes.Currency };
            ApprovalThresholds.Add(row);
        }
        row.FourEyesMinor = fourEyes.Minor;
        row.WriteOffMinor = writeOff?.Minor ?? row.WriteOffMinor;
        return row;
    }

    public int WindowDaysFor(int categoryId) =>
        CategoryOverrides.FirstOrDefault(o => o.CategoryId == categoryId)?.WindowDays ?? WindowDays;

    /// <summary>The restocking fee of a category (its override, else the policy's); unknown category: the policy's.</summary>
    public decimal RestockingPercentFor(int? categoryId) =>
        CategoryOverrides.FirstOrDefault(o => o.CategoryId == categoryId)?.RestockingFeePercent ?? RestockingFeePercent;

    /// <summary>The deduction for an item graded so, in percent of the price paid; no grade, no deduction.</summary>
    public decimal DeductionPercent(BackOffice.ItemGrade? grade) => grade switch
    {
        BackOffice.ItemGrade.A => DeductionPercentA,
        BackOffice.ItemGrade.B => DeductionPercentB,
        BackOffice.ItemGrade.C => DeductionPercentC,
        BackOffice.ItemGrade.D => DeductionPercentD,
        _ => 0m,
    };

    /// <summary>
    /// A copy of this version's terms, not yet saved and not published, for the editor to change and
    /// <see cref="PolicyVersions.Publish"/> to turn into the next version.
    /// </summary>
    public ReturnPolicy CopyTerms()
    {
        var copy = new ReturnPolicy
        {
            Name = Name,
            WindowDays = WindowDays,
            WindowStart = WindowStart,
            RestockingFeePercent = RestockingFeePercent,
            FirstReturnFree = FirstReturnFree,
            AllowRefund = AllowRefund,
            AllowStoreCredit = AllowStoreCredit,
            AllowExchange = AllowExchange,
            StoreCreditBonusPercent = StoreCreditBonusPercent,
            LabelValidityDays = LabelValidityDays,
            RefundServiceDays = RefundServiceDays,
            DeductionPercentA = DeductionPercentA,
            DeductionPercentB = DeductionPercentB,
            DeductionPercentC = DeductionPercentC,
            DeductionPercentD = DeductionPercentD,
            OfferDropOff = OfferDropOff,
            OfferPickup = OfferPickup,
            OfferInStore = OfferInStore,
        };
        copy.ApprovalThresholds.AddRange(ApprovalThresholds.Select(t => new PolicyApprovalThreshold
        {
            Currency = t.Currency,
            FourEyesMinor = t.FourEyesMinor,
            WriteOffMinor = t.WriteOffMinor,
        }));
        copy.MethodFees.AddRange(MethodFees.Select(f => new PolicyMethodFee { Method = f.Method, Fee = f.Fee }));
        copy.CategoryOverrides.AddRange(CategoryOverrides.Select(o => new PolicyCategoryOverride
        {
            CategoryId = o.CategoryId,
            WindowDays = o.WindowDays,
            RestockingFeePercent = o.RestockingFeePercent,
            NonReturnable = o.NonReturnable,
        }));
        copy.Checklist.AddRange(Checklist.Select(c => new PolicyChecklistItem
        {
            Code = c.Code,
            LabelFr = c.LabelFr,
            LabelEn = c.LabelEn,
            SortOrder = c.SortOrder,
            IsEnabled = c.IsEnabled,
            IsRequired = c.IsRequired,
        }));
        copy.SeasonalExtensions.AddRange(SeasonalExtensions.Select(e => new PolicySeasonalExtension
        {
            PurchasedFrom = e.PurchasedFrom,
            PurchasedTo = e.PurchasedTo,
            ReturnableUntil = e.ReturnableUntil,
        }));
        copy.ProductOverrides.AddRange(ProductOverrides.Select(o => new PolicyProductOverride
        {
            ProductId = o.ProductId,
            WindowDays = o.WindowDays,
            NonReturnable = o.NonReturnable,
        }));
        copy.ReasonResolutions.AddRange(ReasonResolutions.Select(r => new PolicyReasonResolution
        {
            ReasonId = r.ReasonId,
            AllowRefund = r.AllowRefund,
            AllowStoreCredit = r.AllowStoreCredit,
            AllowExchange = r.AllowExchange,
        }));
        return copy;
    }

    /// <summary>The conditions the inspector checks, in order: disabled items are neither shown nor accepted (ADR 0086).</summary>
    public IEnumerable<PolicyChecklistItem> EnabledChecklist() => Checklist.Where(c => c.IsEnabled).OrderBy(c => c.SortOrder).ThenBy(c => c.Code, StringComparer.Ordinal);

    /// <summary>
    /// Adds a condition to these (unpublished) terms, after the others: the code is unique in the version and never
    /// changes, because inspections record the codes that passed.
    /// </summary>
    public PolicyChecklistItem AddChecklistItem(string code, string labelFr, string labelEn, bool isEnabled = true, bool isRequired = false)
    {
        var checkedCode = PolicyChecklistItem.CheckCode(code);
        if (Checklist.Any(c => c.Code == checkedCode))
        {
            throw new DomainException("policy.checklist_code_duplicate", $"The checklist already has an item '{checkedCode}'.");
        }
        var item = new PolicyChecklistItem
        {
            Code = checkedCode,
            LabelFr = "",
            LabelEn = "",
            SortOrder = Checklist.Count == 0 ? 10 : Checklist.Max(c => c.SortOrder) + 10,
        };
        item.Rename(labelFr, labelEn);
        item.SetState(isEnabled, isRequired);
        Checklist.Add(item);
        return item;
    }

    /// <summary>Puts the checklist in this order (codes not listed keep their place after the listed ones).</summary>
    public void ReorderChecklist(IEnumerable<string> codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var order = codes.Distinct(StringComparer.Ordinal).ToList();
        var sorted = Checklist.OrderBy(c => order.IndexOf(c.Code) is var i && i >= 0 ? i : int.MaxValue).ThenBy(c => c.SortOrder).ToList();
        for (var i = 0; i < sorted.Count; i++)
        {
            sorted[i].SortOrder = (i + 1) * 10;
        }
    }

    /// <summary>The facts eligibility needs from this version.</summary>
    public PolicyFacts ToFacts() => new(
        WindowDays, WindowStart,
        CategoryOverrides.Where(o => o.WindowDays is not null).Select(o => new CategoryWindow(o.CategoryId, o.WindowDays!.Value)).ToList(),
        SeasonalExtensions.Select(e => new SeasonalWindow(e.PurchasedFrom, e.PurchasedTo, e.ReturnableUntil)).ToList(),
        ProductOverrides.Select(o => new ProductRule(o.ProductId, o.WindowDays, o.NonReturnable)).ToList(),
        CategoryOverrides.Where(o => o.NonReturnable is not null).Select(o => new CategoryExclusion(o.CategoryId, o.NonReturnable!.Value)).ToList());
}
