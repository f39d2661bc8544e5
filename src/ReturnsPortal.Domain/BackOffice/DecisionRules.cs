namespace ReturnsPortal.Domain.BackOffice;

/// <summary>
/// What depends on who decides and on the customer's history rather than on the return itself (ADR 0034): the decider's
/// manual deduction limit (null: unlimited) and whether this is the customer's first return (the policy may waive the
/// label fee then).
/// </summary>
public sealed record DecisionRules(Common.Money? ManualDeductionLimit, bool IsFirstReturn)
{
    public static readonly DecisionRules None = new(null, false);
}
