namespace ReturnsPortal.Domain.BackOffice;

/// <summary>What the worker found for one line when the parcel was opened.</summary>
public enum ReceiptOutcome
{
    Received,
    Missing,
    WrongItem,
}

/// <summary>A as new (resellable), B open box, C damaged, D defective / unsellable.</summary>
public enum ItemGrade
{
    A,
    B,
    C,
    D,
}

public enum SerialCheck
{
    Matches,
    DoesNotMatch,
    NotApplicable,
}

public enum LineVerdict
{
    Accept,
    AcceptWithDeduction,
    /// <summary>Refused; the item goes back to the customer.</summary>
    RejectReturnToCustomer,
    /// <summary>Refused; disposed of with the customer's consent.</summary>
    RejectDispose,
}

public enum Disposition
{
    Restock,
    OpenBox,
    Refurbish,
    ReturnToVendor,
    Recycle,
    Destroy,
    ReturnToCustomer,
}

public enum SettlementKind
{
    Refund,
    StoreCredit,
    Exchange,
}

/// <summary>One line of a receipt: received with a quantity, or missing, or the wrong item.</summary>
public sealed record LineReceipt(int LineId, ReceiptOutcome Outcome, int QuantityReceived);

/// <summary>One line's inspection: grade, the checklist codes that passed, serial number check, notes.</summary>
/// <param name="ChecklistFailed">
/// The required items the inspector answered "no" (ADR 0086). Given, every enabled required item must be answered
/// (passed or failed); null: a caller that records only what passed (the demo seed, tests), the rest counts as failed.
/// </param>
public sealed record LineInspection(
    int LineId, ItemGrade Grade, IReadOnlyCollection<string> ChecklistPassed, SerialCheck Serial, string? Notes,
    IReadOnlyCollection<string>? ChecklistFailed = null);

/// <summary>One line's decision as the worker chose it; the amounts come from <see cref="RefundCalculator"/>.</summary>
public sealed record LineDecisionInput(int LineId, LineVerdict Verdict, Disposition Disposition, long? ManualDeductionMinor);

/// <summary>
/// What depends on who decides and on the customer's history rather than on the return itself (ADR 0034): the decider's
/// manual deduction limit (null: unlimited) and whether this is the customer's first return (the policy may waive the
/// label fee then).
/// </summary>
public sealed record DecisionRules(Common.Money? ManualDeductionLimit, bool IsFirstReturn)
{
    public static readonly DecisionRules None = new(null, false);
}
