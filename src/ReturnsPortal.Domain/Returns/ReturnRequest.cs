using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Policies;

namespace ReturnsPortal.Domain.Returns;

/// <summary>
/// A return (RMA) and its lifecycle. Every transition is a method that checks the current status,
/// refuses an illegal move with a <see cref="DomainException"/> and records a history entry; the
/// outbox message announcing it is written from that entry in the same transaction.
/// </summary>
public sealed partial class ReturnRequest : IAudited, IVersioned
{
    public const int LanguageLength = 5;
    public const int TrackingLength = 60;
    public const int ActorLength = 256;
    public const int IdempotencyKeyLength = 64;

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

    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
    public int Version { get; set; }

    public bool IsFinished => Status is ReturnStatus.Closed or ReturnStatus.Cancelled or ReturnStatus.Expired;

    public static ReturnRequest Create(
        string rma, Order order, ReturnPolicy policy, IEnumerable<ReturnLine> lines, Resolution resolution,
        ReturnMethod method, int? dropOffPointId, string language, string actor, DateTime at, IReadOnlyCollection<ReturnReason>? reasons = null)
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
            Language = language == "en" ? "en" : "fr",
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
        request.History.Add(new ReturnStatusChange(null, ReturnStatus.Requested, actor, at, null));
        return request;
    }

    private static IEnumerable<ReturnReason> ReasonsOf(IEnumerable<ReturnLine> lines, IReadOnlyCollection<ReturnReason> reasons) =>
        lines.Select(l => reasons.FirstOrDefault(r => r.Id == l.ReasonId)
            ?? throw new DomainException("return.reason_unknown", $"Reason {l.ReasonId} of a line is not among the reasons given."));

    public void Approve(string actor, DateTime at)
    {
        EnsureFrom(ReturnStatus.Requested, ReturnStatus.Approved);
        MoveTo(ReturnStatus.Approved, actor, at);
        LabelValidUntil = at.AddDays(LabelValidityDays());
    }

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

    public void MarkInTransit(string? trackingNumber, string actor, DateTime at)
    {
        MoveTo(ReturnStatus.InTransit, actor, at);
        if (!string.IsNullOrWhiteSpace(trackingNumber))
        {
            CarrierTrackingNumber = trackingNumber.Trim();
        }
    }

    public void Receive(string actor, DateTime at) => MoveTo(ReturnStatus.Received, actor, at);

    public void CompleteInspection(string actor, DateTime at)
    {
        // AwaitingApproval → Inspected belongs to SendBackForReview, which requires a note.
        EnsureFrom(ReturnStatus.Received, ReturnStatus.Inspected);
        MoveTo(ReturnStatus.Inspected, actor, at);
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
        History.Add(new ReturnStatusChange(Status, to, actor, at, note));
        Status = to;
    }
}

public sealed partial class ReturnLine
{
    public const int CommentLength = 2000;

    private ReturnLine() { }

    public ReturnLine(int orderLineId, int quantity, int reasonId, string? comment)
    {
        OrderLineId = orderLineId;
        Quantity = quantity;
        ReasonId = reasonId;
        Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
    }

    /// <summary>A line with the replacement variant of an exchange and the customer's photos.</summary>
    public ReturnLine(int orderLineId, int quantity, int reasonId, string? comment, int? exchangeVariantId, IEnumerable<ReturnLinePhoto> photos)
        : this(orderLineId, quantity, reasonId, comment)
    {
        ExchangeVariantId = exchangeVariantId;
        Photos.AddRange(photos);
        if (Photos.Count > ReturnLinePhoto.MaxPerLine)
        {
            throw new DomainException("return.photos", $"At most {ReturnLinePhoto.MaxPerLine} photos per line.");
        }
    }

    public int Id { get; private set; }
    public int ReturnRequestId { get; private set; }
    public int OrderLineId { get; private set; }
    public OrderLine? OrderLine { get; private set; }
    public int Quantity { get; private set; }
    public int ReasonId { get; private set; }
    public Policies.ReturnReason? Reason { get; private set; }
    public string? Comment { get; private set; }
    /// <summary>For an exchange: the variant of the same product sent in place of this one.</summary>
    public int? ExchangeVariantId { get; private set; }
    public List<ReturnLinePhoto> Photos { get; } = [];
}

/// <summary>A customer's photo of a returned item; the bytes are in the file store under <see cref="FileKey"/>.</summary>
public sealed class ReturnLinePhoto
{
    public const int MaxPerLine = 5;
    public const long MaxBytes = 5 * 1024 * 1024;
    public const int FileKeyLength = 200;
    public const int ContentTypeLength = 40;
    public const int FileNameLength = 200;

    private ReturnLinePhoto() { }

    public ReturnLinePhoto(string fileKey, string contentType, string fileName, long length)
    {
        FileKey = fileKey;
        ContentType = contentType;
        FileName = fileName.Length > FileNameLength ? fileName[..FileNameLength] : fileName;
        Length = length;
    }

    public int Id { get; private set; }
    public int ReturnLineId { get; private set; }
    public string FileKey { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public string FileName { get; private set; } = "";
    public long Length { get; private set; }
}

/// <summary>Where and when the carrier collects a pickup return.</summary>
public sealed record PickupDetails
{
    public required string Line1 { get; init; }
    public string? Line2 { get; init; }
    public required string Postcode { get; init; }
    public required string City { get; init; }
    public required DateOnly Date { get; init; }
}

/// <summary>One step of a return's history: who moved it, when, from which status to which, and why.</summary>
public sealed class ReturnStatusChange
{
    public const int NoteLength = 2000;

    private ReturnStatusChange() { }

    public ReturnStatusChange(ReturnStatus? from, ReturnStatus to, string actor, DateTime at, string? note)
    {
        Id = Guid.CreateVersion7(new DateTimeOffset(at));
        From = from;
        To = to;
        Actor = actor;
        At = at;
        Note = note;
    }

    public Guid Id { get; private set; }
    public int ReturnRequestId { get; private set; }
    public ReturnStatus? From { get; private set; }
    public ReturnStatus To { get; private set; }
    public string Actor { get; private set; } = "";
    public DateTime At { get; private set; }
    public string? Note { get; private set; }
}
