using CsvHelper;
using FluentValidation.Results;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Staff;

namespace ReturnsPortal.Web.Pages.Staff.Refunds;

/// <summary>
/// The finance queue (issue 18, ADR 0118): refunds still owed to customers, the most urgent first (the earlier of the
/// legal and service deadlines), each marked paid with the bank's or PSP's reference, marked failed with a reason, or
/// retried; and the CSV of the ones to pay by hand for a bank or PSP batch. Each action is one Settlement move and a
/// save: the outbox writer tells the customer (refund.issued only at Paid) and alerts staff of a failure.
/// The folder is authorised for Finance, Manager and Admin (PortalSetup).
/// </summary>
public sealed class IndexModel(
    ReturnsDbContext db, TimeProvider clock, IActorAccessor actor, SettlementChannels channels, IValidator<IndexModel.Input> validator,
    IStringLocalizer<SharedResource> l) : PageModel
{
    public const string DoneKey = "Refunds.Done";

    /// <summary>Paid refunds stay listed this long under "paid", for finance to check a batch.</summary>
    public static readonly TimeSpan PaidWindow = TimeSpan.FromDays(30);

    [BindProperty] public Input Form { get; set; } = new();
    [BindProperty(SupportsGet = true)] public RefundView Show { get; set; }
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyDictionary<RefundView, int> Counts { get; private set; } = new Dictionary<RefundView, int>();
    /// <summary>The refund a refused action was about, as it is now (after a colleague moved it, say).</summary>
    public Row? Current { get; private set; }
    public DateTime Now { get; private set; }
    public bool CanOpenReturns => StaffRoles.Warehouse.Any(User.IsInRole);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // A hand-edited ?show= that does not parse shows the default view rather than an error.
        if (!Enum.IsDefined(Show))
        {
            Show = RefundView.ToPay;
        }
        ModelState.Clear();
        await LoadAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostPaidAsync(CancellationToken ct) =>
        ActAsync(Rules.Paid, (s, now) => s.MarkPaid(Form.Reference!, actor.CurrentActor, now), ct);

    public Task<IActionResult> OnPostFailedAsync(CancellationToken ct) =>
        ActAsync(Rules.Failed, (s, now) => s.MarkFailed(Form.Reason!, actor.CurrentActor, now), ct);

    public Task<IActionResult> OnPostRetryAsync(CancellationToken ct) =>
        ActAsync(Rules.Retry, (s, now) => s.Retry(channels.Refunds, actor.CurrentActor, now), ct);

    /// <summary>The refunds to pay by hand (Manual, Sent) as CSV for a bank or PSP batch.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var rows = await Ordered(Filtered(Query(), RefundView.ToPay, clock.GetUtcNow().UtcDateTime), RefundView.ToPay).ToListAsync(ct);
        return File(ToCsv(rows), "text/csv; charset=utf-8", $"refunds-to-pay-{clock.GetUtcNow().UtcDateTime.ToLocalFrench():yyyy-MM-dd}.csv");
    }

    private async Task<IActionResult> ActAsync(string ruleSet, Action<Settlement, DateTime> act, CancellationToken ct)
    {
        if (!Enum.IsDefined(Show))
        {
            Show = RefundView.ToPay;
        }
        var result = await validator.ValidateAsync(Form, o => o.IncludeRuleSets(ruleSet), ct);
        if (!result.IsValid)
        {
            CopyErrors(result);
            return await RedisplayAsync(StatusCodes.Status400BadRequest, ct);
        }
        var settlement = await db.Settlements.SingleOrDefaultAsync(s => s.Id == Form.Id && s.Kind == SettlementKind.Refund, ct);
        if (settlement is null)
        {
            return NotFound();
        }
        if (settlement.Version != Form.Version)
        {
            return await ConflictAsync(ct);
        }
        // The version the person saw: a colleague's save in between makes ours fail instead of overwriting it.
        db.Entry(settlement).Property(s => s.Version).OriginalValue = Form.Version;
        try
        {
            act(settlement, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException e)
        {
            var text = l["Refunds.Error." + e.Code];
            ModelState.AddModelError(e.Code.Contains("reference", StringComparison.Ordinal) ? "Form.Reference"
                : e.Code.Contains("reason", StringComparison.Ordinal) ? "Form.Reason" : "", text.ResourceNotFound ? l["Wh.Error.Generic"] : text);
            db.ChangeTracker.Clear();
            return await RedisplayAsync(StatusCodes.Status409Conflict, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return await ConflictAsync(ct);
        }
        TempData[DoneKey] = l["Refunds.Done." + ruleSet, settlement.Reference].Value;
        return Redirect(Link(Show));
    }

    /// <summary>Someone moved the refund since the page was read: nothing saved, say who did what, show it as it is.</summary>
    private async Task<IActionResult> ConflictAsync(CancellationToken ct)
    {
        var now = await db.Settlements.AsNoTracking().Where(s => s.Id == Form.Id)
            .Select(s => new { s.Status, s.UpdatedBy, s.UpdatedAt }).SingleAsync(ct);
        var key = now.Status is SettlementStatus.Paid or SettlementStatus.Failed or SettlementStatus.Sent
            ? "Refunds.Conflict." + now.Status : "Refunds.Conflict.Other";
        ModelState.AddModelError("", l[key, now.UpdatedBy, now.UpdatedAt.ToLocalFrench().ToString("g", CultureInfo.CurrentCulture),
            l["Refunds.Status." + now.Status]]);
        return await RedisplayAsync(StatusCodes.Status409Conflict, ct);
    }

    private async Task<IActionResult> RedisplayAsync(int status, CancellationToken ct)
    {
        await LoadAsync(ct);
        var id = Form.Id;
        Current = await Project(Query().Where(x => x.Settlement.Id == id)).SingleOrDefaultAsync(ct);
        return new PageResult { StatusCode = status };
    }

    private void CopyErrors(ValidationResult result)
    {
        foreach (var error in result.Errors)
        {
            ModelState.AddModelError($"{nameof(Form)}.{error.PropertyName}", error.ErrorMessage);
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow().UtcDateTime;
        var counts = new Dictionary<RefundView, int>();
        foreach (var view in Enum.GetValues<RefundView>())
        {
            counts[view] = await Filtered(Query(), view, Now).CountAsync(ct);
        }
        Counts = counts;
        Rows = await Ordered(Filtered(Query(), Show, Now), Show).ToListAsync(ct);
    }

    /// <summary>The URL of one view of the queue.</summary>
    public static string Link(RefundView view) => view == RefundView.ToPay ? "/staff/refunds" : $"/staff/refunds?show={view}";

    private IQueryable<Joined> Query() =>
        from s in db.Settlements.AsNoTracking()
        join r in db.Returns.AsNoTracking() on s.ReturnRequestId equals r.Id
        where s.Kind == SettlementKind.Refund
        select new Joined { Settlement = s, Rma = r.Rma, Order = r.Order! };

    private static IQueryable<Joined> Filtered(IQueryable<Joined> query, RefundView view, DateTime now)
    {
        var manual = nameof(RefundProvider.Manual);
        var since = now - PaidWindow;
        return view switch
        {
            RefundView.Failed => query.Where(x => x.Settlement.Status == SettlementStatus.Failed),
            RefundView.AtProvider => query.Where(x => x.Settlement.Provider != manual
                && (x.Settlement.Status == SettlementStatus.Sent || x.Settlement.Status == SettlementStatus.Instructed)),
            RefundView.Paid => query.Where(x => x.Settlement.Status == SettlementStatus.Paid && x.Settlement.CompletedAt >= since),
            _ => query.Where(x => x.Settlement.Provider == manual && x.Settlement.Status == SettlementStatus.Sent),
        };
    }

    private static IQueryable<Row> Ordered(IQueryable<Joined> query, RefundView view)
    {
        if (view == RefundView.Paid)
        {
            return Project(query.OrderByDescending(x => x.Settlement.CompletedAt).ThenBy(x => x.Settlement.Id));
        }
        // The earlier of the two deadlines first; a refund without one last (both providers sort nulls differently).
        var none = ReturnDeadlines.None;
        return Project(query
            .OrderBy(x => x.Settlement.ServiceDeadline != null && (x.Settlement.LegalDeadline == null || x.Settlement.ServiceDeadline < x.Settlement.LegalDeadline)
                ? x.Settlement.ServiceDeadline : x.Settlement.LegalDeadline ?? none)
            .ThenBy(x => x.Settlement.Id));
    }

    private static IQueryable<Row> Project(IQueryable<Joined> query) =>
        query.Select(x => new Row(
            x.Settlement.Id, x.Settlement.Version, x.Settlement.Reference, x.Rma, x.Order.Number, x.Order.PaymentMethod, x.Order.PaymentReference,
            x.Order.CustomerName, x.Order.Email, x.Settlement.Amount, x.Settlement.Provider, x.Settlement.Status, x.Settlement.LegalDeadline,
            x.Settlement.ServiceDeadline, x.Settlement.FailureReason, x.Settlement.LastError, x.Settlement.ProviderReference,
            x.Settlement.UpdatedBy, x.Settlement.UpdatedAt, x.Settlement.CompletedAt));

    /// <summary>
    /// The batch file, written by CsvHelper as every export here (ADR 0097): semicolons, UTF-8 with a BOM, CRLF; amounts
    /// with a point and dates in ISO so a bank or PSP import reads them. A text cell that a spreadsheet would run as a
    /// formula (= + - @, tab, CR) gets a leading quote: customer names and references come from outside.
    /// </summary>
    public static byte[] ToCsv(IEnumerable<Row> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var bytes = new MemoryStream();
        using (var csv = CsvWriter.Create(bytes, Integrations.CsvExport.Options, leaveOpen: true))
        {
            foreach (var header in CsvHeaders)
            {
                csv.WriteField(header);
            }
            csv.EndRecord();
            foreach (var row in rows)
            {
                csv.WriteField(row.Reference);
                csv.WriteField(row.Rma);
                csv.WriteField(row.OrderNumber);
                csv.WriteField(row.PaymentMethod.ToString());
                csv.WriteField(row.PaymentReference ?? "");
                csv.WriteField(row.CustomerName);
                csv.WriteField(row.CustomerEmail);
                csv.WriteField((row.Amount.Minor / 100m).ToString("0.00", CultureInfo.InvariantCulture));
                csv.WriteField(row.Amount.Currency);
                csv.WriteField(IsoDate(row.LegalDeadline));
                csv.WriteField(IsoDate(row.ServiceDeadline));
                csv.EndRecord();
            }
        }
        return bytes.ToArray();
    }

    public static readonly IReadOnlyList<string> CsvHeaders =
    [
        "reference", "rma", "order_number", "payment_method", "payment_reference", "customer_name", "customer_email", "amount",
        "currency", "legal_deadline", "service_deadline",
    ];

    private static string IsoDate(DateTime? at) =>
        at is { } value ? value.ToLocalFrench().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";

    /// <summary>The views of the queue: to pay by hand, failed (any provider), at a provider, paid lately.</summary>
    public enum RefundView
    {
        ToPay,
        Failed,
        AtProvider,
        Paid,
    }

    /// <summary>A settlement with its return's RMA and order; a class with setters so that EF can compose on it.</summary>
    public sealed class Joined
    {
        public required Settlement Settlement { get; init; }
        public required string Rma { get; init; }
        public required Order Order { get; init; }
    }

    public sealed record Row(
        int Id, int Version, string Reference, string Rma, string OrderNumber, PaymentMethod PaymentMethod, string? PaymentReference,
        string CustomerName, string CustomerEmail, Money Amount, string Provider, SettlementStatus Status, DateTime? LegalDeadline,
        DateTime? ServiceDeadline, string? FailureReason, string? LastError, string? ProviderReference, string UpdatedBy,
        DateTime UpdatedAt, DateTime? CompletedAt)
    {
        public DateTime? Due => ServiceDeadline is { } s && (LegalDeadline is null || s < LegalDeadline) ? s : LegalDeadline;

        public DeadlineUrgency Urgency(DateTime now) => SettlementDeadlines.Urgency(LegalDeadline, ServiceDeadline, now);

        public bool IsOverdue(DateTime now) => Due is { } due && due < now;
    }

    /// <summary>The rule set of each action (FluentValidation): the rules of the field that action posts.</summary>
    public static class Rules
    {
        public const string Paid = "Paid";
        public const string Failed = "Failed";
        public const string Retry = "Retry";
    }

    public sealed record Input
    {
        public int Id { get; set; }
        public int Version { get; set; }
        /// <summary>The bank's or PSP's reference of the payment (mark paid).</summary>
        public string? Reference { get; set; }
        /// <summary>Why it could not be paid (mark failed).</summary>
        public string? Reason { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<Input>
    {
        public InputValidator(IStringLocalizer<SharedResource> l)
        {
            RuleSet(Rules.Paid, () =>
            {
                RuleFor(i => i.Id).GreaterThan(0);
                RuleFor(i => i.Reference).NotEmpty().WithMessage(_ => l["Refunds.Error.settlement.reference_required"])
                    .MaximumLength(Settlement.ReferenceLength).WithMessage(_ => l["Refunds.Error.settlement.reference_required_too_long"]);
            });
            RuleSet(Rules.Failed, () =>
            {
                RuleFor(i => i.Id).GreaterThan(0);
                RuleFor(i => i.Reason).NotEmpty().WithMessage(_ => l["Refunds.Error.settlement.reason_required"])
                    .MaximumLength(Settlement.ReasonLength).WithMessage(_ => l["Refunds.Error.settlement.reason_required_too_long"]);
            });
            RuleSet(Rules.Retry, () => RuleFor(i => i.Id).GreaterThan(0));
        }
    }
}
