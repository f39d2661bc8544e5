namespace ReturnsPortal.Domain.Policies;

/// <summary>
/// A condition the inspector checks (original packaging, tags, accessories, proof of purchase). The manager switches
/// each one on or off and says whether it is required (ADR 0086): a required one is asked yes/no at inspection and a
/// "no" warns the decider; it never blocks recording what arrived.
/// </summary>
public sealed partial class PolicyChecklistItem
{
    public const int CodeLength = 40;
    public const int LabelLength = 200;

    public int Id { get; set; }
    public int PolicyId { get; set; }
    public required string Code { get; set; }
    public required string LabelFr { get; set; }
    public required string LabelEn { get; set; }
    public int SortOrder { get; set; }
    /// <summary>Off: not checked, not shown to customers; returns made under a version where it was on keep it.</summary>
    public bool IsEnabled { get; set; } = true;
    /// <summary>Asked as an explicit yes/no; a "no" is shown to the decider (only an enabled item can be required).</summary>
    public bool IsRequired { get; set; }

    public string Label(string language) => new LocalizedText(LabelFr, LabelEn).For(language);

    public void Rename(string labelFr, string labelEn)
    {
        // Both checked before either changes: a refused rename changes nothing.
        var fr = CheckLabel(labelFr);
        var en = CheckLabel(labelEn);
        (LabelFr, LabelEn) = (fr, en);
    }

    /// <summary>On or off, required or not; a disabled item cannot be required (nobody would be asked).</summary>
    public void SetState(bool isEnabled, bool isRequired)
    {
        if (isRequired && !isEnabled)
        {
            throw new DomainException("policy.checklist_required_disabled", $"The checklist item '{Code}' is switched off: it cannot be required.");
        }
        (IsEnabled, IsRequired) = (isEnabled, isRequired);
    }

    /// <summary>The first rule this item breaks (code and which of its fields), or null.</summary>
    internal (string Code, string Field)? Problem()
    {
        if (!IsValidCode(Code))
        {
            return ("policy.checklist_code", "Code");
        }
        if (!IsValidLabel(LabelFr))
        {
            return ("policy.checklist_label", "LabelFr");
        }
        if (!IsValidLabel(LabelEn))
        {
            return ("policy.checklist_label", "LabelEn");
        }
        return IsRequired && !IsEnabled ? ("policy.checklist_required_disabled", "IsRequired") : null;
    }

    internal static string CheckCode(string? code) =>
        code?.Trim() is { } trimmed && IsValidCode(trimmed)
            ? trimmed
            : throw new DomainException("policy.checklist_code", "A checklist code is 1 to 40 lower-case letters, digits or underscores.");

    private static bool IsValidCode(string? code) => code is { Length: > 0 and <= CodeLength } && CodePattern().IsMatch(code);

    private static bool IsValidLabel(string? label) => label is { Length: > 0 and <= LabelLength } && label.Trim().Length == label.Length;

    private static string CheckLabel(string? label) =>
        label?.Trim() is { Length: > 0 and <= LabelLength } trimmed
            ? trimmed
            : throw new DomainException("policy.checklist_label", "A checklist label is 1 to 200 characters, in French and in English.");

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9_]+$")]
    private static partial System.Text.RegularExpressions.Regex CodePattern();
}
