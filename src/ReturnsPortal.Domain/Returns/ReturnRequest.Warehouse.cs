using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;

namespace ReturnsPortal.Domain.Returns;

/// <summary>The warehouse steps of a return: receipt per line, inspection per line, decision per line.</summary>
public sealed partial class ReturnRequest
{
    /// <summary>The refund decided for the lines (zero before a decision).</summary>
    public Money DecidedTotal(string currency) =>
        Lines.Where(l => l.Decision is not null).Aggregate(Money.Zero(currency), (sum, l) => sum + l.Decision!.Total);

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
        SubmitDecision(NeedsSecondApproval(breakdown.Total), actor, at);
        foreach (var result in breakdown.Lines)
        {
            var line = received.Single(l => l.Id == result.LineId);
            var d = decisions.Single(x => x.LineId == result.LineId);
            line.RecordDecision(d.Verdict, d.Disposition, result, actor, at);
        }
        return breakdown;
    }

    /// <summary>The longest note a decider sends with a proposal for a manager (ADR 0091).</summary>
    public const int ProposalNoteLength = 500;

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

    /// <summary>Whether a settlement of this amount must wait for a second person (above the policy's threshold).</summary>
    public bool NeedsSecondApproval(Money total)
    {
        var threshold = (Policy ?? throw new InvalidOperationException("Load the policy.")).FourEyesThreshold;
        return threshold.Currency == total.Currency && total.Minor > threshold.Minor;
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
    private static int? CategoryOf(Orders.OrderLine orderLine, Policies.ReturnPolicy policy)
    {
        if (orderLine.Variant?.Product is { } product)
        {
            return product.CategoryId;
        }
        return policy.CategoryOverrides.Any(o => o.RestockingFeePercent is not null)
            ? throw new InvalidOperationException("Load each line's product (per-category restocking fees).")
            : null;
    }
}

public sealed partial class ReturnLine
{
    public const int ChecklistLength = 1000;
    public const int NotesLength = 2000;

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
        Decision.Set(verdict, disposition, result, actor, at);
    }
}
