using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Orders;

namespace ReturnsPortal.Domain.Returns;

/// <summary>One item of a return: what the customer declared, then what the warehouse received, graded and decided.</summary>
public sealed class ReturnLine
{
    public const int CommentLength = 2000;

    public const int ChecklistLength = 1000;
    public const int NotesLength = 2000;

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

    /// <summary>The warehouse's photos of this line, taken at inspection; served to staff only.</summary>
    public List<InspectionPhoto> InspectionPhotos { get; } = [];

    /// <summary>The eligibility rule a goodwill exception set aside for this line, if any.</summary>
    public IneligibleReason? GoodwillOverride { get; private set; }

    public ReceiptOutcome? ReceiptOutcome { get; private set; }
    public int? QuantityReceived { get; private set; }
    public ItemGrade? Grade { get; private set; }
    /// <summary>The checklist codes that passed, separated by ';'.</summary>
    public string? ChecklistPassed { get; private set; }
    public SerialCheck? SerialCheck { get; private set; }
    public string? InspectionNotes { get; private set; }
    public string? InspectedBy { get; private set; }
    public DateTime? InspectedAt { get; private set; }
    public LineDecision? Decision { get; private set; }

    public bool IsReceived => QuantityReceived > 0;

    /// <summary>The customer's own words may name them or others: erased with the customer (ADR 0127).</summary>
    internal void EraseComment() => Comment = null;

    internal void OverrideByGoodwill(IneligibleReason rule) => GoodwillOverride = rule;

    internal void RecordReceipt(ReceiptOutcome outcome, int quantity)
    {
        ReceiptOutcome = outcome;
        QuantityReceived = quantity;
    }

    internal void RecordInspection(LineInspection inspection, string actor, DateTime at)
    {
        Grade = inspection.Grade;
        ChecklistPassed = string.Join(';', inspection.ChecklistPassed.Order(StringComparer.Ordinal));
        SerialCheck = inspection.Serial;
        InspectionNotes = string.IsNullOrWhiteSpace(inspection.Notes) ? null : inspection.Notes.Trim();
        InspectedBy = actor;
        InspectedAt = at;
    }

    internal void RecordDecision(LineVerdict verdict, Disposition disposition, RefundLineResult result, string actor, DateTime at)
    {
        // Decided again after a send-back: the same row is updated, there is one decision per line.
        Decision ??= new LineDecision();
        Decision.Set(this, verdict, disposition, result, actor, at);
    }
}
