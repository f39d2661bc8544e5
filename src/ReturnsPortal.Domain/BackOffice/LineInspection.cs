namespace ReturnsPortal.Domain.BackOffice;

/// <summary>One line's inspection: grade, the checklist codes that passed, serial number check, notes.</summary>
/// <param name="ChecklistFailed">
/// The required items the inspector answered "no" (ADR 0086). Given, every enabled required item must be answered
/// (passed or failed); null: a caller that records only what passed (the demo seed, tests), the rest counts as failed.
/// </param>
public sealed record LineInspection(
    int LineId, ItemGrade Grade, IReadOnlyCollection<string> ChecklistPassed, SerialCheck Serial, string? Notes,
    IReadOnlyCollection<string>? ChecklistFailed = null);
