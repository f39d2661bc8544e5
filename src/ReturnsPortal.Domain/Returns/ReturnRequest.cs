using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Policies;

namespace ReturnsPortal.Domain.Returns;

/// <summary>
/// A return (RMA) and its lifecycle. Every transition is a method that checks the current status,
/// refuses an illegal move with a <see cref="DomainException"/>, records a history entry and the domain events
/// of the move (<see cref="ReturnStatusChanged"/>, and <see cref="ReturnResolved"/> etc. where something follows);
/// their handlers run in the same save (ADR 0098).
/// </summary>
public sealed class ReturnRequest : AggregateRoot, IAudited, IVersioned
{
    public const int LanguageLength = 5;
    public const int TrackingLength = 60;
    public const int ActorLength = 256;
    public const int IdempotencyKeyLength = 64;

    public const int GoodwillReasonLength = 500;

    public const int DisputeNoteLength = 2000;

    /// <summary>The longest note a decider sends with a proposal for a manager (ADR 0091).</summary>
    public const int ProposalNoteLength = 500;

    /// <summary>Every legal move, and only those; the methods below each use one row.</summary>
    public static readonly IReadOnlySet<(ReturnStatus From, ReturnStatus To)> Transitions =
        new HashSet<(ReturnStatus, ReturnStatus)>
        {
            (ReturnStatus.Requested, ReturnStatus.Approved),
            (ReturnStatus.Requested, ReturnStatus.Rejected),
            (ReturnStatus.Requested, ReturnStatus.Cancelled),
            (ReturnStatus.Requested, ReturnStatus.Expired),
            (ReturnStatus.Approved, ReturnStatus.InTransit),
            (ReturnStatus.Approved, ReturnStatus.Received),
            (ReturnStatus.Approved, ReturnStatus.Cancelled),
            (ReturnStatus.Approved, ReturnStatus.Expired),
            (ReturnStatus.InTransit, ReturnStatus.Received),
            (ReturnStatus.Received, ReturnStatus.Rejected),
            (ReturnStatus.Received, ReturnStatus.Inspected),
            (ReturnStatus.Inspected, ReturnStatus.AwaitingApproval),
            (ReturnStatus.Inspected, ReturnStatus.Resolved),
            (ReturnStatus.Inspected, ReturnStatus.Rejected),
            (ReturnStatus.AwaitingApproval, ReturnStatus.Resolved),
            (ReturnStatus.AwaitingApproval, ReturnStatus.Inspected),
            (ReturnStatus.Resolved, ReturnStatus.Closed),
            (ReturnStatus.Rejected, ReturnStatus.Closed),
            // A lapsed label can be renewed by the customer (RenewLabel, ADR 0025).
            (ReturnStatus.Expired, ReturnStatus.Approved),
        };

    private ReturnRequest() { }

    public int Id { get; private set; }
    public string Rma { get; private set; } = "";
    public int OrderId { get; private set; }
    public Order? Order { get; private set; }
    public int PolicyId { get; private set; }
    public ReturnPolicy? Policy { get; private set; }
    public ReturnStatus Status { get; private set; }
    public Resolution Resolution { get; private set; }
    public ReturnMethod Method { get; private set; }
    public int? DropOffPointId { get; private set; }
    public string? CarrierTrackingNumber { get; private set; }
    /// <summary>The customer's language when the return was made: every message uses it.</summary>
    public string Language { get; private set; } = "fr";
    /// <summary>Who submitted the settlement decision; the four-eyes approver must be someone else.</summary>
    public string? DecidedBy { get; private set; }
    /// <summary>Staff want a closer look before refunding (e.g. serial-number or repeated-return concerns); shown and filtered in the queue.</summary>
    public bool IsFlagged { get; private set; }
    public List<ReturnLine> Lines { get; } = [];
    public List<ReturnStatusChange> History { get; } = [];
    /// <summary>The customer's draft id: a unique index makes a resubmitted confirmation create nothing more.</summary>
    public string? IdempotencyKey { get; private set; }
    /// <summary>What the customer was told at confirmation (see <see cref="ReturnQuote"/>): the label fee charged and the payout (refund, or store credit with its bonus).</summary>
    public Money LabelFee { get; private set; }
    /// <summary>The one truth about the label: valid until then (approval or renewal + the policy version's days).</summary>
    public DateTime? LabelValidUntil { get; private set; }
    public Money RefundEstimate { get; private set; }
    public PickupDetails? Pickup { get; private set; }

    // Routing (ADR 0083).
    /// <summary>
    /// Chosen by the routing rules when the return is created (every return has one); the label, the instructions and
    /// the stock follow it.
    /// </summary>
    public int WarehouseId { get; private set; }

    // Carrier events (ADR 0073).
    /// <summary>The carrier delivered the parcel to the warehouse: the queue shows it as arriving until someone receives it.</summary>
    public DateTime? ArrivingAt { get; private set; }

    // Assisted returns and goodwill exceptions (ADR 0036, 0037): recorded once, when the return is created.
    /// <summary>The staff member who started the return for the customer and the channel; <see cref="Assistance.None"/> when the customer started it.</summary>
    public Assistance Assistance { get; private set; } = Assistance.None;
    /// <summary>A manager accepted at least one line that eligibility refused; counted apart in analytics.</summary>
    public bool IsGoodwill { get; private set; }
    public string? GoodwillReason { get; private set; }
    public string? GoodwillGrantedBy { get; private set; }

    // Back-office endings of a return that the warehouse flow does not reach by grading: a parcel that came without any
    // declared item, and a whole return refused (docs/decisions/0032-empty-parcel-and-whole-return-reject.md).
    /// <summary>The parcel came without any declared item (<see cref="Dispute.IsOpen"/>), and what the warehouse found.</summary>
    public Dispute Dispute { get; private set; } = Dispute.None;

    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
    public int Version { get; set; }

    public bool IsFinished => Status is ReturnStatus.Closed or ReturnStatus.Cancelled or ReturnStatus.Expired;

    // Creation: the return, its key, the quote, the pickup, the warehouse and any assistance.
    public static ReturnRequest Create(
        string rma, Order order, ReturnPolicy policy, IEnumerable<ReturnLine> lines, Resolution resolution,
        ReturnMethod method, int? dropOffPointId, int warehouseId, string language, string actor, DateTime at, IReadOnlyCollection<ReturnReason>? reasons = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(policy);
        EnsureUtc(at);
        var request = new ReturnRequest
        {
            Rma = rma,
            Order = order,
            OrderId = order.Id,
            Policy = policy,
            PolicyId = policy.Id,
            Resolution = resolution,
            Method = method,
            DropOffPointId = method == ReturnMethod.DropOff ? dropOffPointId : null,
            WarehouseId = warehouseId,
            Language = ShopLanguage.Normalise(language),
            Status = ReturnStatus.Requested,
            LabelFee = Money.Zero(order.Currency),
            RefundEstimate = Money.Zero(order.Currency),
        };
        request.Lines.AddRange(lines);
        if (request.Lines.Count == 0)
        {
            throw new DomainException("return.no_lines", "A return needs at least one line.");
        }
        if (request.Lines.Any(l => l.Quantity <= 0))
        {
            throw new DomainException("return.quantity", "Every returned quantity must be at least one.");
        }
        // With the lines' reasons known, the law comes first (ADR 0085, amended): a defect or our mistake keeps the refund.
        if (reasons is null ? !policy.Allows(resolution, request.Lines.Select(l => l.ReasonId)) : !policy.AllowsForReasons(resolution, ReasonsOf(request.Lines, reasons)))
        {
            throw new DomainException("return.resolution_not_allowed", $"The policy does not allow {resolution}.");
        }
        if (!policy.Offers(method))
        {
            throw new DomainException("return.method_not_offered", $"The policy does not offer {method}.");
        }
        if (method == ReturnMethod.DropOff && dropOffPointId is null)
        {
            throw new DomainException("return.dropoff_required", "A drop-off return needs a drop-off point.");
        }
        request.AddHistory(new ReturnStatusChange(null, ReturnStatus.Requested, actor, at, null));
        return request;
    }

    private static IEnumerable<ReturnReason> ReasonsOf(IEnumerable<ReturnLine> lines, IReadOnlyCollection<ReturnReason> reasons) =>
        lines.Select(l => reasons.FirstOrDefault(r => r.Id == l.ReasonId)
            ?? throw new DomainException("return.reason_unknown", $"Reason {l.ReasonId} of a line is not among the reasons given."));

    /// <summary>Keys a customer submission so that submitting it again is recognised (set once, before the first save).</summary>
    public void UseIdempotencyKey(string key)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > IdempotencyKeyLength)
        {
            throw new DomainException("return.idempotency_key", "An idempotency key has 1 to 64 characters.");
        }
        IdempotencyKey = IdempotencyKey is null ? key : throw new DomainException("return.idempotency_key", "The key is already set.");
    }

    /// <summary>Keeps the amounts shown to the customer when they confirmed.</summary>
    public void RecordQuote(ReturnQuote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        LabelFee = quote.LabelFee;
        RefundEstimate = quote.Payout;
    }

    public void SchedulePickup(PickupDetails pickup)
    {
        ArgumentNullException.ThrowIfNull(pickup);
        if (Method != ReturnMethod.Pickup)
        {
            throw new DomainException("return.pickup_method", "Only a pickup return has a pickup address and date.");
        }
        Pickup = pickup;
    }

    /// <summary>Sends the return to a warehouse; only before the parcel leaves, since its label carries the address.</summary>
    public void RouteTo(int warehouseId)
    {
        if (Status is not (ReturnStatus.Requested or ReturnStatus.Approved))
        {
            throw new DomainException("return.route_too_late", "A return is routed before its parcel is shipped.");
        }
        WarehouseId = warehouseId;
        Record(new ReturnRouted(this, warehouseId));
    }

    /// <summary>
    /// Records who started this new return for the customer, and the goodwill exception for the lines whose refused
    /// rule it overrode (<paramref name="overridden"/>: order line id → rule). The creation entry of the audit trail
    /// says so. Only before the return has moved on: assistance is a fact of its creation.
    /// </summary>
    public void RecordAssistance(AssistedStart assisted, IReadOnlyDictionary<int, IneligibleReason> overridden)
    {
        ArgumentNullException.ThrowIfNull(assisted);
        ArgumentNullException.ThrowIfNull(overridden);
        if (Status != ReturnStatus.Requested || History.Count != 1 || Assistance.By is not null)
        {
            throw new DomainException("return.assist_after_creation", $"Return {Rma}: assistance is recorded when the return is created.");
        }
        if (string.IsNullOrWhiteSpace(assisted.StaffName))
        {
            throw new ArgumentException("An assisted return names its staff member.", nameof(assisted));
        }
        Assistance = new Assistance(assisted.StaffName, assisted.Channel);
        var note = $"assisted ({assisted.Channel}) by {assisted.StaffName}";
        if (overridden.Count > 0)
        {
            if (assisted.Goodwill is not { } goodwill)
            {
                throw new DomainException("return.goodwill_required", $"Return {Rma}: a refused line needs a goodwill exception.");
            }
            var reason = GoodwillExceptions.CheckReason(goodwill.Reason);
            IsGoodwill = true;
            GoodwillReason = reason;
            GoodwillGrantedBy = goodwill.GrantedBy;
            foreach (var line in Lines)
            {
                if (overridden.TryGetValue(line.OrderLineId, out var rule))
                {
                    line.OverrideByGoodwill(rule);
                }
            }
            note += $"; goodwill granted by {goodwill.GrantedBy} (overrides {string.Join(", ", overridden.Values.Distinct())}): {reason}";
        }
        var created = History[0];
        ReplaceHistory(0, new ReturnStatusChange(created.From, created.To, created.Actor, created.At,
            note.Length > ReturnStatusChange.NoteLength ? note[..ReturnStatusChange.NoteLength] : note));
    }

    // Approval and the label.
    public void Approve(string actor, DateTime at)
    {
        EnsureFrom(ReturnStatus.Requested, ReturnStatus.Approved);
        MoveTo(ReturnStatus.Approved, actor, at);
        LabelValidUntil = at.AddDays(LabelValidityDays());
    }

    // Label renewal (ADR 0025): a return that expired because its label lapsed gets a fresh label.
    /// <summary>
    /// Expired → Approved with a label valid for the policy version's days from <paramref name="now"/>. Only a return
    /// that expired with a label (approved, never shipped) qualifies; one that expired while still Requested had none.
    /// Exchanges are refused: their replacement went back to stock at expiry (ADR 0025).
    /// </summary>
    public void RenewLabel(DateTime now, string actor)
    {
        EnsureFrom(ReturnStatus.Expired, ReturnStatus.Approved);
        if (LabelValidUntil is null)
        {
            throw new DomainException("return.renew_no_label", $"Return {Rma} expired before it had a label: start a new return.");
        }
        if (Resolution == Resolution.Exchange)
        {
            throw new DomainException("return.renew_exchange",
                $"Return {Rma} was an exchange whose replacement went back to stock: start a new return (a refund is always possible).");
        }
        MoveTo(ReturnStatus.Approved, actor, now, "label renewed");
        LabelValidUntil = now.AddDays(LabelValidityDays());
    }

    private int LabelValidityDays() =>
        Policy?.LabelValidityDays ?? throw new InvalidOperationException($"Load the policy of return {Rma} before approving or renewing it.");

    // On the way: the customer ships, the carrier reports.
    public void MarkInTransit(string? trackingNumber, string actor, DateTime at)
    {
        MoveTo(ReturnStatus.InTransit, actor, at);
        if (!string.IsNullOrWhiteSpace(trackingNumber))
        {
            CarrierTrackingNumber = trackingNumber.Trim();
        }
    }

    /// <summary>
    /// Applies a carrier event, idempotently: picked up or in transit moves an approved return to InTransit (again: no
    /// change); delivered to the warehouse marks it as arriving (the first time counts). Returns whether anything changed.
    /// A return that is already further on is left as it is (a late or repeated scan); one that cannot be shipped
    /// (requested, cancelled, rejected, expired) is refused.
    /// </summary>
    public bool ApplyCarrierEvent(CarrierEvent carrierEvent, string actor, DateTime at)
    {
        if (Status is ReturnStatus.Requested or ReturnStatus.Cancelled or ReturnStatus.Expired
            || (Status == ReturnStatus.Rejected && !History.Any(h => h.To == ReturnStatus.Received)))
        {
            throw new DomainException("return.not_shippable", $"Return {Rma} ({Status}) is not waiting for a parcel.");
        }
        var changed = false;
        if (Status == ReturnStatus.Approved)
        {
            MarkInTransit(null, actor, at);
            changed = true;
        }
        if (carrierEvent == CarrierEvent.DeliveredToWarehouse && ArrivingAt is null && Status == ReturnStatus.InTransit)
        {
            if (at.Kind != DateTimeKind.Utc)
            {
                throw new ArgumentException("Times are stored in UTC.", nameof(at));
            }
            ArrivingAt = at;
            changed = true;
        }
        return changed;
    }

    // The warehouse steps of a return: receipt per line, inspection per line, decision per line.
    public void Receive(string actor, DateTime at) => MoveTo(ReturnStatus.Received, actor, at);

    /// <summary>
    /// Receives the parcel with what was found for each line. Every line needs exactly one receipt. Stock is not
    /// touched: only a disposition after the decision moves stock.
    /// </summary>
    public void Receive(IReadOnlyList<LineReceipt> receipts, string actor, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(receipts);
        if (receipts.Count != Lines.Count || Lines.Any(l => receipts.Count(r => r.LineId == l.Id) != 1))
        {
            throw new DomainException("receipt.every_line", "Say for every line what was received.");
        }
        foreach (var receipt in receipts)
        {
            var line = Lines.Single(l => l.Id == receipt.LineId);
            if (receipt.Outcome == ReceiptOutcome.Received && (receipt.QuantityReceived < 1 || receipt.QuantityReceived > line.Quantity))
            {
                throw new DomainException("receipt.quantity", $"The received quantity is between 1 and {line.Quantity}.");
            }
        }
        Receive(actor, at);
        foreach (var receipt in receipts)
        {
            var line = Lines.Single(l => l.Id == receipt.LineId);
            line.RecordReceipt(receipt.Outcome, receipt.Outcome == ReceiptOutcome.Received ? receipt.QuantityReceived : 0);
        }
    }

    /// <summary>Grades one received line; when the last received line is graded the return becomes Inspected.</summary>
    public void InspectLine(LineInspection inspection, string actor, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        if (Status != ReturnStatus.Received)
        {
            throw new DomainException("inspect.status", $"Return {Rma} is {Status}: only a received return is inspected.");
        }
        var line = Lines.SingleOrDefault(l => l.Id == inspection.LineId)
            ?? throw new DomainException("inspect.line", "This line is not part of the return.");
        if (!line.IsReceived)
        {
            throw new DomainException("inspect.not_received", "A line that was not received cannot be graded.");
        }
        var known = (Policy ?? throw new InvalidOperationException("Load the policy with its checklist.")).Checklist.Select(c => c.Code).ToHashSet();
        if (inspection.ChecklistPassed.Any(c => !known.Contains(c)))
        {
            throw new DomainException("inspect.checklist", "The checklist holds an item the policy does not have.");
        }
        CheckChecklistAnswers(inspection);
        line.RecordInspection(inspection, actor, at);
        if (Lines.Where(l => l.IsReceived).All(l => l.Grade is not null))
        {
            CompleteInspection(actor, at);
        }
    }

    /// <summary>
    /// Grades a line as <see cref="InspectLine(LineInspection, string, DateTime)"/> does and keeps the inspector's photos
    /// of it (at most <see cref="InspectionPhoto.MaxPerLine"/> per line). When the inspection completes, its audit entry
    /// notes how many photos were taken. Needs the lines' inspection photos loaded.
    /// </summary>
    public void InspectLine(LineInspection inspection, IReadOnlyList<InspectionPhoto> photos, string actor, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        ArgumentNullException.ThrowIfNull(photos);
        var line = Lines.SingleOrDefault(l => l.Id == inspection.LineId);
        if (line is not null && line.InspectionPhotos.Count + photos.Count > InspectionPhoto.MaxPerLine)
        {
            throw new DomainException("inspect.photos", $"At most {InspectionPhoto.MaxPerLine} photos per line.");
        }
        InspectLine(inspection, actor, at);
        line!.InspectionPhotos.AddRange(photos);
        var taken = Lines.Sum(l => l.InspectionPhotos.Count);
        if (Status == ReturnStatus.Inspected && taken > 0 && History.Count > 0 && History[^1].To == ReturnStatus.Inspected)
        {
            // The entry was just added by this call (not yet saved): replaced rather than a second, status-less entry,
            // which deadlines, analytics and customer notifications would read as a move.
            var done = History[^1];
            var note = $"Inspection photos: {taken}";
            ReplaceHistory(History.Count - 1, new ReturnStatusChange(done.From, done.To, done.Actor, done.At, done.Note is null ? note : $"{done.Note} · {note}"));
        }
    }

    /// <summary>
    /// The checklist as the version the return was made under shapes it (ADR 0086): a switched-off item is neither
    /// passed nor failed, and each required item is answered. A "no" is recorded, never refused: the inspector records
    /// what arrived and the decider sees the warning.
    /// </summary>
    private void CheckChecklistAnswers(LineInspection inspection)
    {
        var items = Policy!.Checklist;
        var failed = inspection.ChecklistFailed ?? [];
        var answered = inspection.ChecklistPassed.Concat(failed).ToList();
        if (answered.Any(code => items.Any(c => c.Code == code && !c.IsEnabled)))
        {
            throw new DomainException("inspect.checklist_disabled", "The checklist holds an item this return's policy version switched off.");
        }
        if (failed.Any(code => !items.Any(c => c.Code == code)) || failed.Intersect(inspection.ChecklistPassed).Any())
        {
            throw new DomainException("inspect.checklist", "The checklist holds an item the policy does not have, or an item both passed and failed.");
        }
        if (inspection.ChecklistFailed is not null
            && Policy.EnabledChecklist().FirstOrDefault(c => c.IsRequired && !answered.Contains(c.Code)) is { } unanswered)
        {
            throw new DomainException("inspect.checklist_unanswered", $"Answer yes or no for the required condition '{unanswered.Code}'.");
        }
    }

    public void CompleteInspection(string actor, DateTime at)
    {
        // AwaitingApproval → Inspected belongs to SendBackForReview, which requires a note.
        EnsureFrom(ReturnStatus.Received, ReturnStatus.Inspected);
        MoveTo(ReturnStatus.Inspected, actor, at);
    }

    /// <summary>
    /// Ends a received return in which no line was received (every line missing or the wrong item): nothing can be
    /// graded, so nothing is refunded. It moves to Rejected with <paramref name="customerReason"/> (what the customer
    /// reads on the timeline and in the e-mail, in the return's <see cref="Language"/>, composed by the portal from its
    /// resources) and is recorded as a dispute; the warehouse's own <paramref name="note"/> stays internal.
    /// </summary>
    public void CloseAsMissing(string customerReason, string? note, string actor, DateTime at)
    {
        // Only from Received: the other ways into Rejected belong to Reject.
        EnsureFrom(ReturnStatus.Received, ReturnStatus.Rejected);
        if (Lines.Any(l => l.IsReceived))
        {
            throw new DomainException("close_missing.items_received", "Some items were received: inspect them instead.");
        }
        if (string.IsNullOrWhiteSpace(customerReason))
        {
            throw new DomainException("close_missing.reason_required", "The customer is told why nothing is refunded.");
        }
        var clean = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (clean?.Length > DisputeNoteLength)
        {
            throw new DomainException("close_missing.note_length", "The note is too long.");
        }
        MoveTo(ReturnStatus.Rejected, actor, at, customerReason);
        Dispute = new Dispute(true, clean);
    }

    // Decision and settlement (four eyes above the threshold, manual deduction limits: ADR 0034, 0091).
    /// <summary>The refund decided for the lines (zero before a decision).</summary>
    public Money DecidedTotal(string currency) =>
        Lines.Where(l => l.Decision is not null).Aggregate(Money.Zero(currency), (sum, l) => sum + l.Decision!.Total);

    /// <summary>
    /// Decides every received line, computes and stores the refund breakdown, and submits the settlement: above the
    /// policy's four-eyes threshold it waits for a second person. Needs Order, Policy (with method fees) and each
    /// line's OrderLine and Reason loaded.
    /// </summary>
    public RefundBreakdown Decide(IReadOnlyList<LineDecisionInput> decisions, string actor, DateTime at, DecisionRules? rules = null)
    {
        if (Status != ReturnStatus.Inspected)
        {
            throw new DomainException("decide.status", $"Return {Rma} is {Status}: only an inspected return is decided.");
        }
        var breakdown = RefundFor(decisions, rules);
        var received = Lines.Where(l => l.IsReceived).ToList();
        SubmitDecision(SecondApprovalFor(breakdown, decisions) != SecondApproval.None, actor, at);
        foreach (var result in breakdown.Lines)
        {
            var line = received.Single(l => l.Id == result.LineId);
            var d = decisions.Single(x => x.LineId == result.LineId);
            line.RecordDecision(d.Verdict, d.Disposition, result, actor, at);
        }
        return breakdown;
    }

    /// <summary>Submits the settlement; above the four-eyes threshold it waits for a second person.</summary>
    public void SubmitDecision(bool needsSecondApproval, string actor, DateTime at)
    {
        var to = needsSecondApproval ? ReturnStatus.AwaitingApproval : ReturnStatus.Resolved;
        // AwaitingApproval → Resolved belongs to ApproveSettlement: deciding again must not skip the second person.
        EnsureFrom(ReturnStatus.Inspected, to);
        MoveTo(to, actor, at);
        DecidedBy = actor;
    }

    /// <summary>
    /// Whether these decisions hold a manual deduction above <paramref name="limit"/> (null: unlimited): the decider
    /// cannot decide them, a manager must (ADR 0034, 0091).
    /// </summary>
    public static bool ExceedsDeductionLimit(IReadOnlyList<LineDecisionInput> decisions, Money? limit)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        return limit is { } max && decisions.Any(d => d.Verdict == LineVerdict.AcceptWithDeduction && d.ManualDeductionMinor > max.Minor);
    }

    /// <summary>
    /// A decision the decider may not take alone, because a manual deduction is above their limit, sent to the
    /// four-eyes approval queue as a proposal (ADR 0091): the lines are decided with the breakdown computed without the
    /// limit, the return waits for approval, and the decider's note goes into the history for the approver.
    /// </summary>
    public RefundBreakdown ProposeToManager(IReadOnlyList<LineDecisionInput> decisions, string note, string actor, DateTime at, DecisionRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (Status != ReturnStatus.Inspected)
        {
            throw new DomainException("decide.status", $"Return {Rma} is {Status}: only an inspected return is decided.");
        }
        if (string.IsNullOrWhiteSpace(note))
        {
            throw new DomainException("decide.proposal_note_required", "Say why the deduction is proposed.");
        }
        if (note.Trim().Length > ProposalNoteLength)
        {
            throw new DomainException("decide.proposal_note_length", $"The note has at most {ProposalNoteLength} characters.");
        }
        if (!ExceedsDeductionLimit(decisions, rules.ManualDeductionLimit))
        {
            throw new DomainException("decide.proposal_within_limit", "Every deduction is within your limit: decide it yourself.");
        }
        var breakdown = RefundFor(decisions, rules with { ManualDeductionLimit = null });
        var received = Lines.Where(l => l.IsReceived).ToList();
        EnsureFrom(ReturnStatus.Inspected, ReturnStatus.AwaitingApproval);
        MoveTo(ReturnStatus.AwaitingApproval, actor, at, note.Trim());
        DecidedBy = actor;
        foreach (var result in breakdown.Lines)
        {
            var d = decisions.Single(x => x.LineId == result.LineId);
            received.Single(l => l.Id == result.LineId).RecordDecision(d.Verdict, d.Disposition, result, actor, at);
        }
        return breakdown;
    }

    /// <summary>
    /// The largest deduction a person chose by hand among the decided lines: one that differs from the policy's grade
    /// deduction (ADR 0091); zero when there is none. Needs the policy loaded.
    /// </summary>
    public Money LargestManualDeduction(string currency)
    {
        var policy = Policy ?? throw new InvalidOperationException("Load the policy.");
        var largest = Money.Zero(currency);
        foreach (var line in Lines.Where(l => l.Decision is { Verdict: LineVerdict.AcceptWithDeduction }))
        {
            var d = line.Decision!;
            var bears = line.Reason is { } reason ? reason.IsDefect || reason.IsMerchantFault : throw new InvalidOperationException("Load each line's reason.");
            var grade = bears ? Money.Zero(currency) : d.PricePaid.Percent(policy.DeductionPercent(line.Grade));
            var byGrade = grade.Minor <= (d.PricePaid - d.RestockingFee).Minor ? grade : d.PricePaid - d.RestockingFee;
            if (d.Deduction.Minor != byGrade.Minor && d.Deduction.Minor > largest.Minor)
            {
                largest = d.Deduction;
            }
        }
        return largest;
    }

    /// <summary>
    /// Why a decision must wait for a second person (ADR 0125), or <see cref="SecondApproval.None"/>: the policy version
    /// has no limits in the order's currency (fails closed), the refund is above the four-eyes limit, or the goods written
    /// off (graded D, or rejected and disposed of) are worth more than the write-off limit. Needs the policy, the order,
    /// and each line's order line loaded.
    /// </summary>
    public SecondApproval SecondApprovalFor(RefundBreakdown breakdown, IReadOnlyList<LineDecisionInput> decisions)
    {
        ArgumentNullException.ThrowIfNull(breakdown);
        var policy = Policy ?? throw new InvalidOperationException("Load the policy.");
        var currency = (Order ?? throw new InvalidOperationException("Load the order.")).Currency;
        if (policy.ApprovalThresholdFor(currency) is not { } limits || breakdown.Total.Currency != currency)
        {
            return SecondApproval.NoLimitsForCurrency;
        }
        if (breakdown.Total.Minor > limits.FourEyesMinor)
        {
            return SecondApproval.AboveFourEyes;
        }
        return WrittenOff(decisions).Minor > limits.WriteOffMinor ? SecondApproval.WriteOff : SecondApproval.None;
    }

    /// <summary>
    /// What these decisions write off, at the price paid: received lines graded D or rejected and disposed of. Needs
    /// the order and each line's order line loaded.
    /// </summary>
    public Money WrittenOff(IReadOnlyList<LineDecisionInput> decisions)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        var currency = (Order ?? throw new InvalidOperationException("Load the order.")).Currency;
        var total = Money.Zero(currency);
        foreach (var line in Lines.Where(l => l.IsReceived))
        {
            var disposed = decisions.Any(d => d.LineId == line.Id && d.Verdict == LineVerdict.RejectDispose);
            if (line.Grade == ItemGrade.D || disposed)
            {
                var orderLine = line.OrderLine ?? throw new InvalidOperationException("Load each line's order line.");
                total += orderLine.UnitPricePaid.Times(line.QuantityReceived ?? 0);
            }
        }
        return total;
    }

    /// <summary>The refund these decisions would give, checked line by line; changes nothing (the Decide page previews it).</summary>
    public RefundBreakdown RefundFor(IReadOnlyList<LineDecisionInput> decisions, DecisionRules? rules = null)
    {
        rules ??= DecisionRules.None;
        ArgumentNullException.ThrowIfNull(decisions);
        var order = Order ?? throw new InvalidOperationException("Load the order.");
        var policy = Policy ?? throw new InvalidOperationException("Load the policy.");
        var received = Lines.Where(l => l.IsReceived).ToList();
        if (decisions.Count != received.Count || received.Any(l => decisions.Count(d => d.LineId == l.Id) != 1))
        {
            throw new DomainException("decide.every_line", "Decide every received line, and only those.");
        }
        foreach (var decision in decisions)
        {
            var returnsToCustomer = decision.Disposition == Disposition.ReturnToCustomer;
            if ((decision.Verdict == LineVerdict.RejectReturnToCustomer) != returnsToCustomer)
            {
                throw new DomainException("decide.disposition", "An item sent back to the customer is rejected with 'return to customer', and only then.");
            }
            if (decision.ManualDeductionMinor is not null && decision.Verdict != LineVerdict.AcceptWithDeduction)
            {
                throw new DomainException("decide.deduction_verdict", "A deduction amount goes with 'accept with deduction'.");
            }
        }
        var inputs = received.Select(l =>
        {
            var d = decisions.Single(x => x.LineId == l.Id);
            var orderLine = l.OrderLine ?? throw new InvalidOperationException("Load each line's order line.");
            var reason = l.Reason ?? throw new InvalidOperationException("Load each line's reason.");
            Money? manual = d.ManualDeductionMinor is { } minor ? new Money(minor, order.Currency) : null;
            return new RefundLine(l.Id, orderLine.UnitPricePaid, l.QuantityReceived ?? 0, d.Verdict, l.Grade,
                reason.IsDefect || reason.IsMerchantFault, manual, policy.RestockingPercentFor(CategoryOf(orderLine, policy)));
        }).ToList();
        // The version the return was created under sets the fees and the grade deductions, whatever was published since.
        // The quote waived the label of a first return when the policy says so; the decision keeps that promise.
        var labelFee = policy.FirstReturnFree && rules.IsFirstReturn ? Money.Zero(order.Currency) : policy.LabelFee(Method, order.Currency);
        return RefundCalculator.Calculate(
            inputs, policy.RestockingFeePercent, labelFee, order.Currency, policy.DeductionPercent, rules.ManualDeductionLimit);
    }

    /// <summary>The line's category, needed only when the policy has per-category restocking fees.</summary>
    private static int? CategoryOf(OrderLine orderLine, ReturnPolicy policy)
    {
        if (orderLine.Variant?.Product is { } product)
        {
            return product.CategoryId;
        }
        return policy.CategoryOverrides.Any(o => o.RestockingFeePercent is not null)
            ? throw new InvalidOperationException("Load each line's product (per-category restocking fees).")
            : null;
    }

    /// <param name="approverDeductionLimit">
    /// The approver's manual deduction limit (null: unlimited): a proposal with a larger manual deduction needs someone
    /// whose limit covers it (ADR 0091). Checking it needs the policy, the lines' reasons and decisions loaded.
    /// </param>
    public void ApproveSettlement(string approver, DateTime at, Money? approverDeductionLimit = null)
    {
        // Only a settlement submitted for approval can be approved (Inspected → Resolved is SubmitDecision's).
        EnsureFrom(ReturnStatus.AwaitingApproval, ReturnStatus.Resolved);
        if (string.Equals(approver, DecidedBy, StringComparison.OrdinalIgnoreCase))
        {
            throw new DomainException("return.four_eyes", "The person who decided cannot also approve.");
        }
        if (approverDeductionLimit is { } limit && LargestManualDeduction(limit.Currency).Minor > limit.Minor)
        {
            throw new DomainException("return.approve_deduction_limit", $"A manual deduction above {limit} needs an approver with a higher limit.");
        }
        MoveTo(ReturnStatus.Resolved, approver, at);
    }

    public void SendBackForReview(string approver, string note, DateTime at)
    {
        if (string.IsNullOrWhiteSpace(note))
        {
            throw new DomainException("return.note_required", "Say why the decision is sent back.");
        }
        if (Status != ReturnStatus.AwaitingApproval)
        {
            throw IllegalMove(ReturnStatus.Inspected);
        }
        MoveTo(ReturnStatus.Inspected, approver, at, note);
    }

    // Other endings.
    public void Reject(string reason, string actor, DateTime at)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("return.note_required", "Say why the return is rejected.");
        }
        MoveTo(ReturnStatus.Rejected, actor, at, reason);
    }

    /// <summary>Marks (or clears) "inspect before refund"; it changes no status.</summary>
    public void Flag(bool flagged) => IsFlagged = flagged;

    public void Close(string actor, DateTime at) => MoveTo(ReturnStatus.Closed, actor, at);

    public void Cancel(string actor, DateTime at) => MoveTo(ReturnStatus.Cancelled, actor, at);

    public void Expire(DateTime at) => MoveTo(ReturnStatus.Expired, SystemActor.Name, at);

    // The guards every transition goes through.
    /// <summary>
    /// The customer's erasure (ADR 0127): the pickup address and the customer's comments go; what was returned, decided
    /// and paid stays, as the accounting records need it. The caller has checked the return is finished.
    /// </summary>
    public void ErasePersonalData()
    {
        if (Pickup is { } pickup)
        {
            Pickup = pickup with { Line1 = Customers.CustomerErasure.ErasedName, Line2 = null, Postcode = "", City = "" };
        }
        foreach (var line in Lines)
        {
            line.EraseComment();
        }
    }

    public static bool CanMove(ReturnStatus from, ReturnStatus to) => Transitions.Contains((from, to));

    private void EnsureCanMove(ReturnStatus to)
    {
        if (!CanMove(Status, to))
        {
            throw IllegalMove(to);
        }
    }

    private void EnsureFrom(ReturnStatus from, ReturnStatus to)
    {
        if (Status != from)
        {
            throw IllegalMove(to);
        }
    }

    private static void EnsureUtc(DateTime at)
    {
        if (at.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException("Times are stored in UTC.", nameof(at));
        }
    }

    private DomainException IllegalMove(ReturnStatus to) =>
        new("return.illegal_transition", $"Return {Rma} cannot go from {Status} to {to}.");

    private void MoveTo(ReturnStatus to, string actor, DateTime at, string? note = null)
    {
        EnsureCanMove(to);
        EnsureUtc(at);
        AddHistory(new ReturnStatusChange(Status, to, actor, at, note));
        Status = to;
        // The moves something else follows from; each is handled in the same save (DomainEventDispatcher).
        IDomainEvent? consequence = to switch
        {
            ReturnStatus.Resolved => new ReturnResolved(this, actor, at),
            ReturnStatus.Cancelled => new ReturnCancelled(this, actor, at),
            ReturnStatus.Rejected => new ReturnRejected(this, actor, at),
            ReturnStatus.Expired => new ReturnExpired(this, actor, at),
            _ => null,
        };
        if (consequence is not null)
        {
            Record(consequence);
        }
    }

    private void AddHistory(ReturnStatusChange change)
    {
        History.Add(change);
        Record(new ReturnStatusChanged(this, change));
    }

    /// <summary>Rewrites an entry not saved yet (its note), and the event announcing it.</summary>
    private void ReplaceHistory(int index, ReturnStatusChange change)
    {
        var old = History[index];
        History[index] = change;
        Replace(new ReturnStatusChanged(this, old), new ReturnStatusChanged(this, change));
    }
}
