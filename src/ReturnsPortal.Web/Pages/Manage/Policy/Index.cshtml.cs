using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Web.Pages.Returns;

namespace ReturnsPortal.Web.Pages.Manage.Policy;

/// <summary>
/// The return policy editor (Managers, Admins). The form is the draft: it carries the version it was based on.
/// Preview shows, without saving, the public text, what changed and how a sample order would be treated; Publish
/// makes the next version, refused when a colleague published meanwhile (docs/decisions/0080-policy-versions.md).
/// </summary>
public sealed class PolicyEditorModel(
    ReturnsDbContext db, ReturnEligibility eligibility, TimeProvider clock, IValidator<PolicyEditorModel.Input> validator,
    IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty] public Input Form { get; set; } = new();
    public int CurrentVersion { get; private set; }
    public int? Published { get; private set; }
    public IReadOnlyList<Option> Categories { get; private set; } = [];
    public IReadOnlyList<Option> Products { get; private set; } = [];
    /// <summary>The reasons of the per-reason table, in the order customers see them.</summary>
    public IReadOnlyList<ReasonOption> Reasons { get; private set; } = [];
    public IReadOnlyList<VersionRow> History { get; private set; } = [];
    public PreviewView? Preview { get; private set; }

    private static bool French => ShopLanguage.CurrentIsFrench;

    public async Task<IActionResult> OnGetAsync(int? published, CancellationToken ct)
    {
        var current = await db.Policies.AsNoTracking().CurrentAsync(ct);
        if (current is null)
        {
            return NotFound();
        }
        Published = published;
        Form = Input.From(current);
        await LoadListsAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        var (baseVersion, proposed) = await BuildAsync(ct);
        if (baseVersion is null || proposed is null)
        {
            return await RedisplayAsync(ct);
        }
        var changes = PolicyDiff.Compare(baseVersion, proposed);
        proposed.VersionNumber = baseVersion.VersionNumber + 1;
        SampleView? sample = null;
        if (!string.IsNullOrWhiteSpace(Form.SampleOrder))
        {
            var number = Form.SampleOrder.Trim().ToUpperInvariant();
            var order = await db.Orders.AsNoTracking().Where(o => o.Number == number).Select(o => new { o.Id, o.Number }).SingleOrDefaultAsync(ct);
            if (order is null)
            {
                ModelState.AddModelError($"{nameof(Form)}.{nameof(Input.SampleOrder)}", l["Policy.SampleNotFound"]);
            }
            else
            {
                var result = (await eligibility.ForOrderAsync(order.Id, proposed.ToFacts(), ct))!;
                var categories = await db.OrderLines.AsNoTracking().Where(x => x.OrderId == order.Id)
                    .Select(x => new { x.Id, x.Variant!.Product!.CategoryId, x.UnitPricePaid }).ToListAsync(ct);
                sample = new SampleView(order.Number, [.. result.Lines.Select(line =>
                {
                    var facts = categories.Single(c => c.Id == line.OrderLineId);
                    return new SampleLine(line.ProductName, line.Eligible, line.DefectOnly, line.NotEligibleReason, line.NonReturnableReason,
                        line.Deadline, facts.UnitPricePaid.Percent(proposed.RestockingPercentFor(facts.CategoryId)));
                })]);
            }
        }
        Preview = new PreviewView(changes, await PolicyText.BuildAsync(db, proposed, French, ct), sample, baseVersion.IsDefault);
        await LoadListsAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostPublishAsync(CancellationToken ct)
    {
        var (baseVersion, proposed) = await BuildAsync(ct, tracked: true);
        if (baseVersion is null || proposed is null)
        {
            return await RedisplayAsync(ct);
        }
        try
        {
            var next = PolicyVersions.Publish(baseVersion, proposed, User.Identity?.Name ?? "staff", Form.Note, clock.GetUtcNow().UtcDateTime, null,
                await db.Reasons.AsNoTracking().ToListAsync(ct));
            db.Policies.Add(next);
            await db.SaveChangesAsync(ct);
            return RedirectToPage(new { published = next.VersionNumber });
        }
        catch (PolicyRulesException ex)
        {
            AddErrors(ex.Errors);
        }
        catch (DomainException ex) when (ex.Code == "policy.superseded")
        {
            await AddConflictAsync(ct);
        }
        catch (DomainException ex) when (ex.Code == "policy.nothing_changed")
        {
            ModelState.AddModelError(string.Empty, l["Policy.NothingChanged"]);
        }
        catch (DbUpdateException)
        {
            // A colleague's publication from the same version landed first (concurrency token, unique version number).
            db.ChangeTracker.Clear();
            await AddConflictAsync(ct);
        }
        return await RedisplayAsync(ct);
    }

    /// <summary>The base version and the proposed terms, or nulls with the errors in ModelState.</summary>
    private async Task<(ReturnPolicy? Base, ReturnPolicy? Proposed)> BuildAsync(CancellationToken ct, bool tracked = false)
    {
        if (!await validator.ValidateIntoAsync(Form, ModelState, nameof(Form), ct))
        {
            return (null, null);
        }
        var query = tracked ? db.Policies : db.Policies.AsNoTracking();
        var baseVersion = await query.WithTerms().SingleOrDefaultAsync(p => p.Id == Form.BaseVersionId, ct);
        if (baseVersion is null)
        {
            await AddConflictAsync(ct);
            return (null, null);
        }
        if (!baseVersion.IsDefault)
        {
            await AddConflictAsync(ct);
            return (null, null);
        }
        var proposed = baseVersion.CopyTerms();
        var rows = Form.ApplyTo(proposed);
        var errors = PolicyRules.Check(proposed, await db.CheapestReturnablePriceAsync(ct), await db.Reasons.AsNoTracking().ToListAsync(ct));
        if (errors.Count > 0)
        {
            AddErrors(errors, rows);
            return (null, null);
        }
        return (baseVersion, proposed);
    }

    private async Task AddConflictAsync(CancellationToken ct)
    {
        var current = await db.Policies.AsNoTracking().InForce()
            .Select(p => new { p.VersionNumber, p.PublishedBy }).FirstOrDefaultAsync(ct);
        ModelState.AddModelError(string.Empty, l["Policy.Conflict", current?.VersionNumber ?? 0, current?.PublishedBy ?? "—"]);
    }

    private void AddErrors(IReadOnlyList<PolicyError> errors, Input.RowMap? rows = null)
    {
        rows ??= Form.ApplyTo(new ReturnPolicy { Name = "check" });
        foreach (var error in errors)
        {
            ModelState.AddModelError($"{nameof(Form)}.{rows.FieldFor(error.Field)}", l[$"Policy.Error.{error.Code}"]);
        }
    }

    private async Task<IActionResult> RedisplayAsync(CancellationToken ct)
    {
        await LoadListsAsync(ct);
        return Page();
    }

    private async Task LoadListsAsync(CancellationToken ct)
    {
        var french = French;
        CurrentVersion = await db.Policies.AsNoTracking().InForce().Select(p => p.VersionNumber).FirstOrDefaultAsync(ct);
        Categories = await db.Categories.AsNoTracking().OrderBy(c => c.Code)
            .Select(c => new Option(c.Id, french ? c.NameFr : c.NameEn)).ToListAsync(ct);
        Products = await db.Products.AsNoTracking().OrderBy(p => p.Name).Select(p => new Option(p.Id, p.Name)).ToListAsync(ct);
        // Active reasons, and retired ones this version still has a rule for (so publishing keeps or drops it knowingly).
        var ruled = Form.Reasons.Select(r => r.ReasonId).ToList();
        Reasons = await db.Reasons.AsNoTracking().Where(r => r.IsActive || ruled.Contains(r.Id)).OrderBy(r => r.SortOrder).ThenBy(r => r.Id)
            .Select(r => new ReasonOption(r.Id, french ? r.LabelFr : r.LabelEn, r.IsDefect || r.IsMerchantFault)).ToListAsync(ct);
        var reasonRows = Form.Reasons.Where(r => r.ReasonId > 0).GroupBy(r => r.ReasonId).ToDictionary(g => g.Key, g => g.First());
        Form.Reasons = [.. Reasons.Select(r => reasonRows.GetValueOrDefault(r.Id) ?? new ReasonRow { ReasonId = r.Id })];
        History = await db.Policies.AsNoTracking().OrderByDescending(p => p.VersionNumber).Take(50)
            .Select(p => new VersionRow(p.VersionNumber, p.PublishedAt, p.PublishedBy, p.ChangeSummary, p.ChangeNote, p.IsDefault))
            .ToListAsync(ct);
        // Every category has its row, in the catalogue's order, whatever the form posted.
        var byId = Form.Categories.Where(c => c.CategoryId > 0).GroupBy(c => c.CategoryId).ToDictionary(g => g.Key, g => g.First());
        Form.Categories = [.. Categories.Select(c => byId.GetValueOrDefault(c.Id) ?? new CategoryRow { CategoryId = c.Id })];
        // One empty row for a new seasonal extension and one for a new product rule: adding needs no JavaScript.
        if (!Form.Seasons.Any(s => s.IsBlank))
        {
            Form.Seasons.Add(new SeasonRow());
        }
        if (!Form.Products.Any(p => p.IsBlank))
        {
            Form.Products.Add(new ProductRow());
        }
        // The rows as posted (errors name their index), and one empty row to add a currency (ADR 0125).
        if (!Form.Thresholds.Any(t => t.IsBlank))
        {
            Form.Thresholds.Add(new ThresholdRow());
        }
        // And one empty row for a new checklist item (ADR 0086).
        if (!Form.Checklist.Any(c => c.IsBlank))
        {
            Form.Checklist.Add(new ChecklistRow { IsNew = true });
        }
    }

    public sealed record Option(int Id, string Name);

    /// <param name="LegalRemedy">Defect or merchant fault: a refund must stay allowed (ADR 0085).</param>
    public sealed record ReasonOption(int Id, string Name, bool LegalRemedy);

    /// <summary>One reason's allowed resolutions; all ticked means "as the policy" and stores no row.</summary>
    public sealed class ReasonRow
    {
        public int ReasonId { get; set; }
        public bool Refund { get; set; } = true;
        public bool StoreCredit { get; set; } = true;
        public bool Exchange { get; set; } = true;
    }

    public sealed record VersionRow(int VersionNumber, DateTime? PublishedAt, string? PublishedBy, string? ChangeSummary, string? ChangeNote, bool IsCurrent);

    public sealed record PreviewView(IReadOnlyList<PolicyChange> Changes, PolicyText Text, SampleView? Sample, bool BaseIsCurrent);

    public sealed record SampleView(string OrderNumber, IReadOnlyList<SampleLine> Lines);

    public sealed record SampleLine(
        string Product, bool Eligible, bool DefectOnly, IneligibleReason? NotEligibleReason, NonReturnableReason? NonReturnable,
        DateOnly? Deadline, Money RestockingFee);

    public sealed class CategoryRow
    {
        public int CategoryId { get; set; }
        public string? WindowDays { get; set; }
        public string? RestockingFeePercent { get; set; }
        public NonReturnableReason? NonReturnable { get; set; }
    }

    public sealed class SeasonRow
    {
        public string? PurchasedFrom { get; set; }
        public string? PurchasedTo { get; set; }
        public string? ReturnableUntil { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(PurchasedFrom) && string.IsNullOrWhiteSpace(PurchasedTo) && string.IsNullOrWhiteSpace(ReturnableUntil);
    }

    /// <summary>
    /// One checklist item: an existing one keeps its code (inspections record codes), a new one (the empty row) gets
    /// one. The position orders the list; an empty position puts the item last.
    /// </summary>
    public sealed class ChecklistRow
    {
        public string? Code { get; set; }
        public bool IsNew { get; set; }
        public string? LabelFr { get; set; }
        public string? LabelEn { get; set; }
        public bool IsEnabled { get; set; } = true;
        public bool IsRequired { get; set; }
        public string? Position { get; set; }

        public bool IsBlank => IsNew && string.IsNullOrWhiteSpace(Code) && string.IsNullOrWhiteSpace(LabelFr) && string.IsNullOrWhiteSpace(LabelEn);
    }

    /// <summary>
    /// One currency's four-eyes limits (ADR 0125): a refund above "FourEyes", or goods written off worth more than
    /// "WriteOff", wait for a second person. A row left empty is dropped; a currency without a row always waits.
    /// </summary>
    public sealed class ThresholdRow
    {
        public string? Currency { get; set; }
        public string? FourEyes { get; set; }
        public string? WriteOff { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Currency) && string.IsNullOrWhiteSpace(FourEyes) && string.IsNullOrWhiteSpace(WriteOff);

        public string CurrencyCode => Currency?.Trim().ToUpperInvariant() ?? "";
    }

    public sealed class ProductRow
    {
        public int? ProductId { get; set; }
        public string? WindowDays { get; set; }
        public NonReturnableReason? NonReturnable { get; set; }

        public bool IsBlank => ProductId is null && string.IsNullOrWhiteSpace(WindowDays) && NonReturnable is null;
    }

    /// <summary>
    /// Every field as typed: numbers as text so that "4,90", "4.90" and "4,90 €" all work and a wrong value gets our
    /// own localised message, not the model binder's.
    /// </summary>
    public sealed class Input
    {
        public int BaseVersionId { get; set; }
        public string? WindowDays { get; set; }
        public WindowStart WindowStart { get; set; }
        public string? DropOffFee { get; set; }
        public string? PickupFee { get; set; }
        public string? InStoreFee { get; set; }
        public bool OfferDropOff { get; set; }
        public bool OfferPickup { get; set; }
        public bool OfferInStore { get; set; }
        public bool FirstReturnFree { get; set; }
        public string? RestockingFeePercent { get; set; }
        public bool AllowRefund { get; set; }
        public bool AllowStoreCredit { get; set; }
        public bool AllowExchange { get; set; }
        public string? StoreCreditBonusPercent { get; set; }
        public List<ThresholdRow> Thresholds { get; set; } = [];
        public string? LabelValidityDays { get; set; }
        public string? RefundServiceDays { get; set; }
        public string? DeductionPercentA { get; set; }
        public string? DeductionPercentB { get; set; }
        public string? DeductionPercentC { get; set; }
        public string? DeductionPercentD { get; set; }
        public List<CategoryRow> Categories { get; set; } = [];
        public List<SeasonRow> Seasons { get; set; } = [];
        public List<ProductRow> Products { get; set; } = [];
        public List<ReasonRow> Reasons { get; set; } = [];
        public List<ChecklistRow> Checklist { get; set; } = [];
        public string? Note { get; set; }
        public string? SampleOrder { get; set; }

        public static Input From(ReturnPolicy p)
        {
            ArgumentNullException.ThrowIfNull(p);
            return new Input
            {
                BaseVersionId = p.Id,
                WindowDays = Whole(p.WindowDays),
                WindowStart = p.WindowStart,
                DropOffFee = Amount(p.LabelFee(ReturnMethod.DropOff, Money.Euro)),
                PickupFee = Amount(p.LabelFee(ReturnMethod.Pickup, Money.Euro)),
                InStoreFee = Amount(p.LabelFee(ReturnMethod.InStore, Money.Euro)),
                OfferDropOff = p.OfferDropOff,
                OfferPickup = p.OfferPickup,
                OfferInStore = p.OfferInStore,
                FirstReturnFree = p.FirstReturnFree,
                RestockingFeePercent = Number(p.RestockingFeePercent),
                AllowRefund = p.AllowRefund,
                AllowStoreCredit = p.AllowStoreCredit,
                AllowExchange = p.AllowExchange,
                StoreCreditBonusPercent = Number(p.StoreCreditBonusPercent),
                Thresholds = [.. p.ApprovalThresholds.OrderBy(t => t.Currency == Money.Euro ? 0 : 1).ThenBy(t => t.Currency, StringComparer.Ordinal)
                    .Select(t => new ThresholdRow { Currency = t.Currency, FourEyes = Amount(t.FourEyes), WriteOff = Amount(t.WriteOff) })],
                LabelValidityDays = Whole(p.LabelValidityDays),
                RefundServiceDays = Whole(p.RefundServiceDays),
                DeductionPercentA = Number(p.DeductionPercentA),
                DeductionPercentB = Number(p.DeductionPercentB),
                DeductionPercentC = Number(p.DeductionPercentC),
                DeductionPercentD = Number(p.DeductionPercentD),
                Categories = [.. p.CategoryOverrides.Select(o => new CategoryRow
                {
                    CategoryId = o.CategoryId,
                    WindowDays = o.WindowDays is { } d ? Whole(d) : null,
                    RestockingFeePercent = o.RestockingFeePercent is { } r ? Number(r) : null,
                    NonReturnable = o.NonReturnable,
                })],
                Seasons = [.. p.SeasonalExtensions.OrderBy(s => s.PurchasedFrom).Select(s => new SeasonRow
                {
                    PurchasedFrom = Iso(s.PurchasedFrom),
                    PurchasedTo = Iso(s.PurchasedTo),
                    ReturnableUntil = Iso(s.ReturnableUntil),
                })],
                Products = [.. p.ProductOverrides.Select(o => new ProductRow
                {
                    ProductId = o.ProductId,
                    WindowDays = o.WindowDays is { } d ? Whole(d) : null,
                    NonReturnable = o.NonReturnable,
                })],
                Checklist = [.. p.Checklist.OrderBy(c => c.SortOrder).ThenBy(c => c.Code, StringComparer.Ordinal).Select((c, i) => new ChecklistRow
                {
                    Code = c.Code,
                    LabelFr = c.LabelFr,
                    LabelEn = c.LabelEn,
                    IsEnabled = c.IsEnabled,
                    IsRequired = c.IsRequired,
                    Position = Whole(i + 1),
                })],
                Reasons = [.. p.ReasonResolutions.Select(r => new ReasonRow
                {
                    ReasonId = r.ReasonId,
                    Refund = r.AllowRefund,
                    StoreCredit = r.AllowStoreCredit,
                    Exchange = r.AllowExchange,
                })],
            };
        }

        /// <summary>Writes the (validated) form onto a copy of the base version; returns where each rule row came from.</summary>
        public RowMap ApplyTo(ReturnPolicy p)
        {
            ArgumentNullException.ThrowIfNull(p);
            p.WindowDays = ParseWhole(WindowDays) ?? 0;
            p.WindowStart = WindowStart;
            SetFee(p, ReturnMethod.DropOff, DropOffFee);
            SetFee(p, ReturnMethod.Pickup, PickupFee);
            SetFee(p, ReturnMethod.InStore, InStoreFee);
            p.OfferDropOff = OfferDropOff;
            p.OfferPickup = OfferPickup;
            p.OfferInStore = OfferInStore;
            p.FirstReturnFree = FirstReturnFree;
            p.RestockingFeePercent = ParseNumber(RestockingFeePercent) ?? 0m;
            p.AllowRefund = AllowRefund;
            p.AllowStoreCredit = AllowStoreCredit;
            p.AllowExchange = AllowExchange;
            p.StoreCreditBonusPercent = ParseNumber(StoreCreditBonusPercent) ?? 0m;
            p.LabelValidityDays = ParseWhole(LabelValidityDays) ?? 0;
            p.RefundServiceDays = ParseWhole(RefundServiceDays) ?? 0;
            p.DeductionPercentA = ParseNumber(DeductionPercentA) ?? 0m;
            p.DeductionPercentB = ParseNumber(DeductionPercentB) ?? 0m;
            p.DeductionPercentC = ParseNumber(DeductionPercentC) ?? 0m;
            p.DeductionPercentD = ParseNumber(DeductionPercentD) ?? 0m;

            var map = new RowMap();
            p.ApprovalThresholds.Clear();
            for (var i = 0; i < Thresholds.Count; i++)
            {
                if (Thresholds[i].IsBlank)
                {
                    continue;
                }
                map.Thresholds.Add(i);
                p.ApprovalThresholds.Add(new PolicyApprovalThreshold
                {
                    Currency = Thresholds[i].CurrencyCode,
                    FourEyesMinor = ParseMinor(Thresholds[i].FourEyes) ?? 0,
                    WriteOffMinor = ParseMinor(Thresholds[i].WriteOff) ?? 0,
                });
            }
            p.CategoryOverrides.Clear();
            for (var i = 0; i < Categories.Count; i++)
            {
                var row = Categories[i];
                var days = ParseWhole(row.WindowDays);
                var percent = ParseNumber(row.RestockingFeePercent);
                if (days is null && percent is null && row.NonReturnable is null)
                {
                    continue;
                }
                p.CategoryOverrides.Add(new PolicyCategoryOverride
                {
                    CategoryId = row.CategoryId,
                    WindowDays = days,
                    RestockingFeePercent = percent,
                    NonReturnable = row.NonReturnable,
                });
                map.Categories[row.CategoryId] = i;
            }
            p.SeasonalExtensions.Clear();
            for (var i = 0; i < Seasons.Count; i++)
            {
                if (Seasons[i].IsBlank)
                {
                    continue;
                }
                map.Seasons.Add(i);
                p.SeasonalExtensions.Add(new PolicySeasonalExtension
                {
                    PurchasedFrom = ParseDate(Seasons[i].PurchasedFrom) ?? default,
                    PurchasedTo = ParseDate(Seasons[i].PurchasedTo) ?? default,
                    ReturnableUntil = ParseDate(Seasons[i].ReturnableUntil) ?? default,
                });
            }
            p.ProductOverrides.Clear();
            for (var i = 0; i < Products.Count; i++)
            {
                if (Products[i].IsBlank || Products[i].ProductId is not { } productId)
                {
                    continue;
                }
                map.Products.Add(i);
                p.ProductOverrides.Add(new PolicyProductOverride
                {
                    ProductId = productId,
                    WindowDays = ParseWhole(Products[i].WindowDays),
                    NonReturnable = Products[i].NonReturnable,
                });
            }
            p.ReasonResolutions.Clear();
            for (var i = 0; i < Reasons.Count; i++)
            {
                var row = Reasons[i];
                if (row.ReasonId <= 0 || (row.Refund && row.StoreCredit && row.Exchange) || map.Reasons.ContainsKey(row.ReasonId))
                {
                    continue;
                }
                map.Reasons[row.ReasonId] = i;
                p.ReasonResolutions.Add(new PolicyReasonResolution
                {
                    ReasonId = row.ReasonId,
                    AllowRefund = row.Refund,
                    AllowStoreCredit = row.StoreCredit,
                    AllowExchange = row.Exchange,
                });
            }
            // The checklist in the typed order; the guard rails (PolicyRules) check codes, labels and states.
            p.Checklist.Clear();
            var ordered = Checklist.Select((row, index) => (row, index)).Where(x => !x.row.IsBlank)
                .OrderBy(x => ParseWhole(x.row.Position) ?? int.MaxValue).ThenBy(x => x.index).ToList();
            foreach (var (row, index) in ordered)
            {
                map.Checklist.Add(index);
                p.Checklist.Add(new PolicyChecklistItem
                {
                    Code = row.Code?.Trim() ?? "",
                    LabelFr = row.LabelFr?.Trim() ?? "",
                    LabelEn = row.LabelEn?.Trim() ?? "",
                    IsEnabled = row.IsEnabled,
                    IsRequired = row.IsRequired,
                    SortOrder = map.Checklist.Count * 10,
                });
            }
            return map;
        }

        private static void SetFee(ReturnPolicy p, ReturnMethod method, string? text)
        {
            var fee = Money.Eur(ParseMinor(text) ?? 0);
            if (p.MethodFees.FirstOrDefault(f => f.Method == method) is { } row)
            {
                row.Fee = fee;
            }
            else
            {
                p.MethodFees.Add(new PolicyMethodFee { Method = method, Fee = fee });
            }
        }

        /// <summary>Turns the domain's field names back into the form's, so each error lands next to its input.</summary>
        public sealed class RowMap
        {
            public Dictionary<int, int> Categories { get; } = [];
            public List<int> Seasons { get; } = [];
            public List<int> Products { get; } = [];
            /// <summary>The form row of each four-eyes limit, in the policy's order.</summary>
            public List<int> Thresholds { get; } = [];
            public Dictionary<int, int> Reasons { get; } = [];
            /// <summary>The form row of each checklist item, in the policy's order.</summary>
            public List<int> Checklist { get; } = [];

            public string FieldFor(string domainField)
            {
                ArgumentNullException.ThrowIfNull(domainField);
                var parts = domainField.Split('.');
                return parts switch
                {
                    ["Fee", var method] => $"{method}Fee",
                    ["Category", var id, var field] when Categories.TryGetValue(int.Parse(id, CultureInfo.InvariantCulture), out var row) =>
                        $"Categories[{row}].{field}",
                    ["Seasonal", var index] => $"Seasons[{Seasons[int.Parse(index, CultureInfo.InvariantCulture)]}].ReturnableUntil",
                    ["Reason", var id] when Reasons.TryGetValue(int.Parse(id, CultureInfo.InvariantCulture), out var row) => $"Reasons[{row}].Refund",
                    ["Checklist", var index, var field] => $"Checklist[{Checklist[int.Parse(index, CultureInfo.InvariantCulture)]}].{field}",
                    ["Threshold", var index, var field] => $"Thresholds[{Thresholds[int.Parse(index, CultureInfo.InvariantCulture)]}].{field}",
                    ["Product", var index] => $"Products[{Products[int.Parse(index, CultureInfo.InvariantCulture)]}].WindowDays",
                    _ => domainField,
                };
            }
        }

        private static string Whole(int value) => value.ToString(CultureInfo.InvariantCulture);

        private static string Number(decimal value) => value.ToString("0.##", CultureInfo.CurrentCulture);

        private static string Amount(Money money) => (money.Minor / 100m).ToString("0.00", CultureInfo.CurrentCulture);

        private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        internal static int? ParseWhole(string? text) =>
            int.TryParse(text?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

        internal static decimal? ParseNumber(string? text)
        {
            var cleaned = text?.Replace('\u00a0', ' ').Replace('\u202f', ' ').Replace(" ", "", StringComparison.Ordinal)
                .Replace("%", "", StringComparison.Ordinal).Replace("€", "", StringComparison.Ordinal).Replace(',', '.');
            return decimal.TryParse(cleaned, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
                ? value : null;
        }

        /// <summary>An amount in euros as cents; more than two decimals is not an amount.</summary>
        internal static long? ParseMinor(string? text) =>
            MoneyParser.ParseMinor(text) is { } cents && Math.Abs(cents) < 1_000_000_000 ? cents : null;

        internal static DateOnly? ParseDate(string? text) =>
            DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
    }

    public sealed class InputValidator : AbstractValidator<Input>
    {
        public InputValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(i => i.WindowDays).Must(v => Input.ParseWhole(v) is not null).WithMessage(_ => l["Policy.WholeNumber"]);
            RuleFor(i => i.LabelValidityDays).Must(v => Input.ParseWhole(v) is not null).WithMessage(_ => l["Policy.WholeNumber"]);
            RuleFor(i => i.RefundServiceDays).Must(v => Input.ParseWhole(v) is not null).WithMessage(_ => l["Policy.WholeNumber"]);
            RuleFor(i => i.WindowStart).IsInEnum().WithMessage(_ => l["Policy.Required"]);
            foreach (var amount in new System.Linq.Expressions.Expression<Func<Input, string?>>[] { i => i.DropOffFee, i => i.PickupFee, i => i.InStoreFee })
            {
                RuleFor(amount).Must(v => Input.ParseMinor(v) is not null).WithMessage(_ => l["Policy.Amount"]);
            }
            foreach (var percent in new System.Linq.Expressions.Expression<Func<Input, string?>>[]
                     {
                         i => i.RestockingFeePercent, i => i.StoreCreditBonusPercent,
                         i => i.DeductionPercentA, i => i.DeductionPercentB, i => i.DeductionPercentC, i => i.DeductionPercentD,
                     })
            {
                RuleFor(percent).Must(v => Input.ParseNumber(v) is not null).WithMessage(_ => l["Policy.Percent"]);
            }
            RuleForEach(i => i.Categories).ChildRules(row =>
            {
                row.RuleFor(r => r.WindowDays).Must(v => Input.ParseWhole(v) is not null).When(r => !string.IsNullOrWhiteSpace(r.WindowDays))
                    .WithMessage(_ => l["Policy.WholeNumber"]);
                row.RuleFor(r => r.RestockingFeePercent).Must(v => Input.ParseNumber(v) is not null)
                    .When(r => !string.IsNullOrWhiteSpace(r.RestockingFeePercent)).WithMessage(_ => l["Policy.Percent"]);
                row.RuleFor(r => r.NonReturnable).IsInEnum().WithMessage(_ => l["Policy.Required"]);
            });
            RuleForEach(i => i.Seasons).ChildRules(row =>
            {
                row.RuleFor(r => r.PurchasedFrom).Must(v => Input.ParseDate(v) is not null).When(r => !r.IsBlank).WithMessage(_ => l["Policy.Date"]);
                row.RuleFor(r => r.PurchasedTo).Must(v => Input.ParseDate(v) is not null).When(r => !r.IsBlank).WithMessage(_ => l["Policy.Date"]);
                row.RuleFor(r => r.ReturnableUntil).Must(v => Input.ParseDate(v) is not null).When(r => !r.IsBlank).WithMessage(_ => l["Policy.Date"]);
            });
            RuleForEach(i => i.Products).ChildRules(row =>
            {
                row.RuleFor(r => r.ProductId).NotNull().When(r => !r.IsBlank).WithMessage(_ => l["Policy.ProductRequired"]);
                row.RuleFor(r => r.WindowDays).Must(v => Input.ParseWhole(v) is not null).When(r => !string.IsNullOrWhiteSpace(r.WindowDays))
                    .WithMessage(_ => l["Policy.WholeNumber"]);
                row.RuleFor(r => r.WindowDays).NotEmpty().When(r => r.ProductId is not null && r.NonReturnable is null)
                    .WithMessage(_ => l["Policy.ProductRuleRequired"]);
                row.RuleFor(r => r.NonReturnable).IsInEnum().WithMessage(_ => l["Policy.Required"]);
            });
            RuleForEach(i => i.Thresholds).ChildRules(row =>
            {
                row.RuleFor(r => r.CurrencyCode).Must(CurrencyCodes.IsKnown).When(r => !r.IsBlank)
                    .OverridePropertyName(nameof(ThresholdRow.Currency)).WithMessage(_ => l["Policy.ThresholdCurrency"]);
                row.RuleFor(r => r.FourEyes).Must(v => Input.ParseMinor(v) is not null).When(r => !r.IsBlank).WithMessage(_ => l["Policy.ThresholdAmount"]);
                row.RuleFor(r => r.WriteOff).Must(v => Input.ParseMinor(v) is not null).When(r => !r.IsBlank).WithMessage(_ => l["Policy.ThresholdAmount"]);
            });
            RuleForEach(i => i.Checklist).ChildRules(row =>
            {
                row.RuleFor(r => r.Position).Must(v => Input.ParseWhole(v) is not null).When(r => !string.IsNullOrWhiteSpace(r.Position))
                    .WithMessage(_ => l["Policy.WholeNumber"]);
            });
            RuleFor(i => i.Note).MaximumLength(ReturnPolicy.ChangeNoteLength).WithMessage(_ => l["Policy.NoteTooLong"]);
            RuleFor(i => i.SampleOrder).MaximumLength(Domain.Orders.Order.NumberLength).WithMessage(_ => l["Policy.SampleNotFound"]);
        }
    }
}
