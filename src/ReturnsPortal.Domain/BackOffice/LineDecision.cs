namespace ReturnsPortal.Domain.BackOffice;

/// <summary>
/// The decision on one return line with its refund breakdown, as shown to the decider. It records
/// <see cref="LineDecided"/> each time it is set: the disposition mix counts it on its own day (ADR 0047).
/// </summary>
public sealed class LineDecision : AggregateRoot
{
    public int Id { get; private set; }
    public int ReturnLineId { get; private set; }
    public LineVerdict Verdict { get; private set; }
    public Disposition Disposition { get; private set; }
    public Money PricePaid { get; private set; }
    public Money RestockingFee { get; private set; }
    public Money LabelFee { get; private set; }
    public Money Deduction { get; private set; }
    public Money Total { get; private set; }
    public string DecidedBy { get; private set; } = "";
    public DateTime DecidedAt { get; private set; }

    internal void Set(Returns.ReturnLine line, LineVerdict verdict, Disposition disposition, RefundLineResult result, string actor, DateTime at)
    {
        // Decided before (a send-back, then a new decision): that earlier day loses this decision.
        DateTime? previous = DecidedAt == default ? null : DecidedAt;
        Verdict = verdict;
        Disposition = disposition;
        PricePaid = result.PricePaid;
        RestockingFee = result.RestockingFee;
        LabelFee = result.LabelFee;
        Deduction = result.Deduction;
        Total = result.Total;
        DecidedBy = actor;
        DecidedAt = at;
        Record(new LineDecided(line, this, previous));
    }
}
