namespace ReturnsPortal.Domain.BackOffice;

/// <summary>One line's decision as the worker chose it; the amounts come from <see cref="RefundCalculator"/>.</summary>
public sealed record LineDecisionInput(int LineId, LineVerdict Verdict, Disposition Disposition, long? ManualDeductionMinor);
