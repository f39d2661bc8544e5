namespace ReturnsPortal.Domain.Integrations;

/// <summary>One problem of a CSV row: its line number in the file (header = 1), the column, and a stable code (localised on display).</summary>
public sealed record ImportIssue(int Line, string Column, string Code, string? Value = null);
