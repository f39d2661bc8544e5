using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Orders;

namespace ReturnsPortal.Web.Pages.Staff.Returns;

/// <summary>What every warehouse page shows of a return, read with one projection.</summary>
public sealed record ReturnView(
    int Id, string Rma, ReturnStatus Status, string OrderNumber, string CustomerName, string Email, ReturnMethod Method,
    Resolution Resolution, DateTime CreatedAt, DateTime Deadline, int Version, string? DecidedBy, bool IsFlagged, string Currency,
    IReadOnlyList<ReturnView.ChecklistItem> Checklist, IReadOnlyList<ReturnView.Line> Lines,
    IReadOnlyList<ReturnView.Change> History, ReturnView.SettlementView? Settlement, bool IsDisputed, string? DisputeNote,
    PaymentMethod PaymentMethod, string? PaymentReference)
{
    /// <summary>Received, yet nothing to grade: every line was missing or the wrong item (close as missing).</summary>
    public bool NothingReceived => Status == ReturnStatus.Received && Lines.All(l => !l.IsReceived);
    public bool CanReject => ReturnRequest.CanMove(Status, ReturnStatus.Rejected);

    public bool HasDeadline => Deadline < ReturnDeadlines.None;
    public bool AwaitsParcel => Status is ReturnStatus.Approved or ReturnStatus.InTransit;
    public Money DecidedTotal => Lines.Where(l => l.Decision is not null).Aggregate(Money.Zero(Currency), (sum, l) => sum + l.Decision!.Total);

    /// <summary>The stored RMA for a route value: URLs are generated in lower case, and people type as they like.</summary>
    public static string Key(string rma) => RmaNumber.Normalise(rma) ?? rma;

    public static async Task<ReturnView?> LoadAsync(ReturnsDbContext db, string rma, int serviceLevelDays, bool french, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        rma = Key(rma);
        var view = await db.Returns.AsNoTracking().Where(r => r.Rma == rma).WithDeadlines(serviceLevelDays, db.Withdrawals)
            .Select(x => new ReturnView(
                x.Return.Id, x.Return.Rma, x.Return.Status, x.Return.Order!.Number, x.Return.Order.CustomerName, x.Return.Order.Email,
                x.Return.Method, x.Return.Resolution, x.Return.CreatedAt, x.Deadline, x.Return.Version, x.Return.DecidedBy,
                x.Return.IsFlagged, x.Return.Order.Currency,
                x.Return.Policy!.Checklist.OrderBy(c => c.SortOrder).Select(c => new ChecklistItem(c.Code, french ? c.LabelFr : c.LabelEn, c.IsEnabled, c.IsRequired)).ToList(),
                x.Return.Lines.OrderBy(l => l.Id).Select(l => new Line(
                    l.Id, l.OrderLine!.Variant!.Product!.Name, l.OrderLine.Variant.Sku, l.OrderLine.Variant.Size, l.Quantity,
                    french ? l.Reason!.LabelFr : l.Reason!.LabelEn, l.Reason.IsDefect || l.Reason.IsMerchantFault, l.Comment,
                    l.OrderLine.UnitPricePaid, l.ReceiptOutcome, l.QuantityReceived, l.Grade, l.ChecklistPassed, l.SerialCheck,
                    l.InspectionNotes,
                    l.Decision == null ? null : new Decision(
                        l.Decision.Verdict, l.Decision.Disposition, l.Decision.PricePaid, l.Decision.RestockingFee, l.Decision.LabelFee,
                        l.Decision.Deduction, l.Decision.Total, l.Decision.DecidedBy, l.Decision.DecidedAt))).ToList(),
                x.Return.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new Change(h.From, h.To, h.Actor, h.At, h.Note)).ToList(),
                null, x.Return.Dispute.IsOpen, x.Return.Dispute.Note, x.Return.Order.PaymentMethod, x.Return.Order.PaymentReference))
            .AsSplitQuery()
            .SingleOrDefaultAsync(ct);
        if (view is null)
        {
            return null;
        }
        // Two when an exchange was cancelled: the exchange and the refund or credit given instead (ADR 0117).
        var settlements = await db.Settlements.AsNoTracking().Where(s => s.ReturnRequestId == view.Id)
            .OrderBy(s => s.CreatedAt).ThenBy(s => s.Id)
            .Select(s => new SettlementView(s.Kind, s.Amount, s.Bonus, s.Reference, s.CreatedAt, s.CreatedBy)
            {
                Status = s.Status,
                Provider = s.Provider,
                ProviderReference = s.ProviderReference,
                FailureReason = s.FailureReason,
                LastError = s.LastError,
                NextTryAt = s.NextTryAt,
                Round = s.Round,
                Carrier = s.Carrier,
                TrackingNumber = s.TrackingNumber,
                InsteadKind = s.InsteadKind,
                CancelReason = s.CancelReason,
                LegalDeadline = s.LegalDeadline,
                ServiceDeadline = s.ServiceDeadline,
                SentAt = s.SentAt,
                CompletedAt = s.CompletedAt,
                FailedAt = s.FailedAt,
                CancelledAt = s.CancelledAt,
                UpdatedBy = s.UpdatedBy,
            })
            .ToListAsync(ct);
        var assist = await db.Returns.AsNoTracking().Where(r => r.Id == view.Id && r.Assistance.By != null)
            .Select(r => new AssistView(r.Assistance.By!, r.Assistance.Channel, r.IsGoodwill, r.GoodwillReason, r.GoodwillGrantedBy))
            .SingleOrDefaultAsync(ct);
        var parcelPhotos = await db.Set<ParcelPhoto>().AsNoTracking()
            .Where(p => db.UnidentifiedParcels.Any(u => u.Id == p.UnidentifiedParcelId && u.ReturnRequestId == view.Id))
            .OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
        var lineIds = view.Lines.Select(l => l.Id).ToList();
        var inspectionPhotos = (await db.Set<InspectionPhoto>().AsNoTracking().Where(p => lineIds.Contains(p.ReturnLineId))
                .OrderBy(p => p.Id).Select(p => new { p.ReturnLineId, p.Id }).ToListAsync(ct))
            .GroupBy(p => p.ReturnLineId).ToDictionary(g => g.Key, g => (IReadOnlyList<int>)[.. g.Select(p => p.Id)]);
        var customerPhotos = (await db.Set<ReturnLinePhoto>().AsNoTracking().Where(p => lineIds.Contains(p.ReturnLineId))
                .OrderBy(p => p.Id).Select(p => new { p.ReturnLineId, p.Id }).ToListAsync(ct))
            .GroupBy(p => p.ReturnLineId).ToDictionary(g => g.Key, g => (IReadOnlyList<int>)[.. g.Select(p => p.Id)]);
        return view with
        {
            Settlement = settlements.LastOrDefault(s => s.Status != SettlementStatus.Cancelled) ?? settlements.LastOrDefault(),
            Settlements = settlements,
            Assist = assist,
            ParcelPhotoIds = parcelPhotos,
            InspectionPhotoIds = inspectionPhotos,
            CustomerPhotoIds = customerPhotos,
        };
    }

    /// <summary>
    /// Loads the return a staff form acts on, with the form's version as its concurrency token. Stale means the form
    /// was read before a colleague's change: the change tracker is cleared so the page shows the current state
    /// rather than acting on a stale one.
    /// </summary>
    public static async Task<(ReturnRequest? Request, bool Stale)> LoadForActionAsync(
        ReturnsDbContext db, string rma, int formVersion, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var key = Key(rma);
        var request = await db.Returns.ForWarehouse().SingleOrDefaultAsync(r => r.Rma == key, ct);
        if (request is null)
        {
            return (null, false);
        }
        db.Entry(request).Property(r => r.Version).OriginalValue = formVersion;
        if (request.Version == formVersion)
        {
            return (request, false);
        }
        db.ChangeTracker.Clear();
        return (request, true);
    }

    /// <summary>
    /// The one way a staff form acts on a return: load it at the form's version (<see cref="LoadForActionAsync"/>), act,
    /// save. A form read before a colleague's change, a lost concurrency check or a settlement another request already
    /// made says "changed by a colleague"; a <see cref="DomainException"/>, or an error <paramref name="act"/> adds to
    /// the model state, refuses. Either way nothing is saved and the change tracker is cleared, so the page shows the
    /// current state again rather than a half-acted one.
    /// </summary>
    public static async Task<ActResult> ActAsync(
        ReturnsDbContext db, string rma, int formVersion, ModelStateDictionary modelState, IStringLocalizer l,
        Func<ReturnRequest, Task> act, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(act);
        var (request, stale) = await LoadForActionAsync(db, rma, formVersion, ct);
        if (request is null)
        {
            return new ActResult(null, Saved: false);
        }
        if (stale)
        {
            modelState.AddModelError("", l["Wh.ChangedByColleague"]);
            return new ActResult(request, Saved: false);
        }
        var errors = modelState.ErrorCount;
        try
        {
            await act(request);
            // The act's own checks (a required answer missing, too many photos) refuse without an exception.
            if (modelState.ErrorCount > errors)
            {
                db.ChangeTracker.Clear();
                return new ActResult(request, Saved: false);
            }
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException e)
        {
            AddError(modelState, l, e);
            db.ChangeTracker.Clear();
            return new ActResult(request, Saved: false);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || IsDuplicateSettlement(e))
        {
            modelState.AddModelError("", l["Wh.ChangedByColleague"]);
            db.ChangeTracker.Clear();
            return new ActResult(request, Saved: false);
        }
        return new ActResult(request, Saved: true);
    }

    /// <summary>The synchronous form of <see cref="ActAsync(ReturnsDbContext, string, int, ModelStateDictionary, IStringLocalizer, Func{ReturnRequest, Task}, CancellationToken)"/>.</summary>
    public static Task<ActResult> ActAsync(
        ReturnsDbContext db, string rma, int formVersion, ModelStateDictionary modelState, IStringLocalizer l,
        Action<ReturnRequest> act, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(act);
        return ActAsync(db, rma, formVersion, modelState, l, request =>
        {
            act(request);
            return Task.CompletedTask;
        }, ct);
    }

    /// <summary>The unique settlement key refused a second settlement: another request resolved this return first.</summary>
    public static bool IsDuplicateSettlement(DbUpdateException e) =>
        e?.InnerException?.Message.Contains("IdempotencyKey", StringComparison.OrdinalIgnoreCase) == true
        || e?.InnerException?.Message.Contains("Settlements", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>What <see cref="ActAsync(ReturnsDbContext, string, int, ModelStateDictionary, IStringLocalizer, Func{ReturnRequest, Task}, CancellationToken)"/> did: no return by that RMA, or the return and whether the act was saved.</summary>
    public sealed record ActResult(ReturnRequest? Request, bool Saved)
    {
        [MemberNotNullWhen(false, nameof(Request))]
        public bool NotFound => Request is null;
    }

    /// <summary>A refused domain operation as a message next to the form: the code's text when there is one.</summary>
    public static void AddError(ModelStateDictionary modelState, IStringLocalizer l, DomainException error, string key = "")
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(error);
        var text = l["Wh.Error." + error.Code];
        modelState.AddModelError(key, text.ResourceNotFound ? l["Wh.Error.Generic"] : text);
    }

    /// <summary>Who started the return for the customer, and any goodwill exception (ADR 0036, 0037).</summary>
    public AssistView? Assist { get; init; }

    /// <summary>Every settlement of the return, oldest first (a cancelled exchange, then what was given instead).</summary>
    public IReadOnlyList<SettlementView> Settlements { get; init; } = [];

    /// <summary>Photos of the unidentified parcel that was linked to this return.</summary>
    public IReadOnlyList<int> ParcelPhotoIds { get; init; } = [];

    /// <summary>The inspection photos of each line (by line id), oldest first.</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<int>> InspectionPhotoIds { get; init; } = new Dictionary<int, IReadOnlyList<int>>();

    /// <summary>A line's inspection photos, none when it has none.</summary>
    public IReadOnlyList<int> PhotosOf(int lineId) => InspectionPhotoIds.TryGetValue(lineId, out var ids) ? ids : [];

    /// <summary>The customer's photos of each line (by line id), oldest first.</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<int>> CustomerPhotoIds { get; init; } = new Dictionary<int, IReadOnlyList<int>>();

    /// <summary>A line's photos sent by the customer with the return, none when there are none.</summary>
    public IReadOnlyList<int> CustomerPhotosOf(int lineId) => CustomerPhotoIds.TryGetValue(lineId, out var ids) ? ids : [];

    /// <summary>
    /// A history actor for the reader: the stored names of the customer and the system are words of the interface
    /// (issue 15); staff e-mails stay as they are.
    /// </summary>
    public static string ActorName(string actor, IStringLocalizer l)
    {
        ArgumentNullException.ThrowIfNull(l);
        return actor is CustomerActor or SystemActor.Name ? l["Wh.Actor." + actor] : actor;
    }

    /// <summary>The actor name the customer pages stamp (ReturnStarter, tracking, withdrawal).</summary>
    public const string CustomerActor = "customer";

    private const string InspectionPhotosNote = "Inspection photos: ";

    /// <summary>
    /// A history note for the reader: the count of inspection photos is stored in English
    /// (<see cref="ReturnRequest.InspectLine(LineInspection, IReadOnlyList{InspectionPhoto}, string, DateTime)"/>) and
    /// shown in the interface's language; any other note is what a person typed.
    /// </summary>
    public static string? HistoryNote(string? note, IStringLocalizer l)
    {
        ArgumentNullException.ThrowIfNull(l);
        var at = note?.LastIndexOf(InspectionPhotosNote, StringComparison.Ordinal) ?? -1;
        if (note is null || at < 0 || !int.TryParse(note.AsSpan(at + InspectionPhotosNote.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return note;
        }
        return note[..at] + l["Wh.History.InspectionPhotos", count];
    }

    public sealed record AssistView(string StaffName, AssistChannel? Channel, bool IsGoodwill, string? GoodwillReason, string? GoodwillGrantedBy);

    /// <summary>A condition of the return's policy version (ADR 0086): a disabled one is not checked, a required one is asked yes/no.</summary>
    public sealed record ChecklistItem(string Code, string Label, bool IsEnabled = true, bool IsRequired = false);

    /// <summary>The labels of the required conditions a graded line did not pass, for the decider's warning (ADR 0086).</summary>
    public IReadOnlyList<string> FailedRequired(Line line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.Grade is null ? [] : [.. Checklist.Where(c => c.IsEnabled && c.IsRequired && !line.Passed.Contains(c.Code)).Select(c => c.Label)];
    }

    public sealed record Line(
        int Id, string Product, string Sku, string? Size, int Quantity, string Reason, bool MerchantBearsCost, string? Comment,
        Money UnitPrice, ReceiptOutcome? ReceiptOutcome, int? QuantityReceived, ItemGrade? Grade, string? ChecklistPassed,
        SerialCheck? SerialCheck, string? InspectionNotes, Decision? Decision)
    {
        public bool IsReceived => QuantityReceived > 0;
        public IReadOnlyList<string> Passed => ChecklistPassed?.Split(';', StringSplitOptions.RemoveEmptyEntries) ?? [];
    }

    public sealed record Decision(
        LineVerdict Verdict, Disposition Disposition, Money PricePaid, Money RestockingFee, Money LabelFee, Money Deduction, Money Total,
        string DecidedBy, DateTime DecidedAt);

    public sealed record Change(ReturnStatus? From, ReturnStatus To, string Actor, DateTime At, string? Note);

    /// <summary>A settlement as staff see it: the exact state, who pays or ships it, references, failure and deadlines.</summary>
    public sealed record SettlementView(SettlementKind Kind, Money Amount, Money Bonus, string Reference, DateTime CreatedAt, string CreatedBy)
    {
        public SettlementStatus Status { get; init; }
        public string Provider { get; init; } = "";
        public string? ProviderReference { get; init; }
        public string? FailureReason { get; init; }
        public string? LastError { get; init; }
        public DateTime? NextTryAt { get; init; }
        public int Round { get; init; } = 1;
        public string? Carrier { get; init; }
        public string? TrackingNumber { get; init; }
        public SettlementKind? InsteadKind { get; init; }
        public string? CancelReason { get; init; }
        public DateTime? LegalDeadline { get; init; }
        public DateTime? ServiceDeadline { get; init; }
        public DateTime? SentAt { get; init; }
        public DateTime? CompletedAt { get; init; }
        public DateTime? FailedAt { get; init; }
        public DateTime? CancelledAt { get; init; }
        public string UpdatedBy { get; init; } = "";

        /// <summary>Deadlines matter only while a refund is unpaid.</summary>
        public bool IsUnpaidRefund => Domain.BackOffice.Settlement.IsUnpaid(Kind, Status);
    }
}
