namespace ReturnsPortal.Domain.Policies;

/// <summary>
/// A return reason. Reasons are never deleted: retiring hides one from new returns while the returns that used it
/// keep showing it (their lines reference it).
/// </summary>
public sealed partial class ReturnReason : IVersioned
{
    public const int CodeLength = 40;
    public const int LabelLength = 200;

    public int Id { get; set; }
    public required string Code { get; set; }
    public required string LabelFr { get; set; }
    public required string LabelEn { get; set; }
    /// <summary>The item is faulty: the legal guarantee of conformity (2 years) may apply.</summary>
    public bool IsDefect { get; set; }
    /// <summary>Wrong item sent, damaged in transit…: the merchant bears the return cost.</summary>
    public bool IsMerchantFault { get; set; }
    public bool PhotoWanted { get; set; }
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;
    public int Version { get; set; }

    public string Label(string language) => new LocalizedText(LabelFr, LabelEn).For(language);

    /// <summary>
    /// A faulty item (the legal guarantee of conformity) or the merchant's own mistake: the customer keeps the refund
    /// whatever a policy version's row for this reason says (ADR 0085, amended).
    /// </summary>
    public bool AlwaysAllowsRefund => IsDefect || IsMerchantFault;

    /// <summary>A new active reason, after the others; the code is lower-case letters, digits and underscores.</summary>
    public static ReturnReason Create(string code, string labelFr, string labelEn, bool isDefect, bool isMerchantFault, bool photoWanted, int sortOrder)
    {
        ArgumentNullException.ThrowIfNull(code);
        code = code.Trim();
        if (code.Length is 0 or > CodeLength || !CodePattern().IsMatch(code))
        {
            throw new DomainException("reason.code", "A reason code is 1 to 40 lower-case letters, digits or underscores.");
        }
        var reason = new ReturnReason { Code = code, LabelFr = "", LabelEn = "", SortOrder = sortOrder };
        reason.Rename(labelFr, labelEn);
        reason.SetFlags(isDefect, isMerchantFault, photoWanted);
        return reason;
    }

    public void Rename(string labelFr, string labelEn)
    {
        // Both checked before either changes: a refused rename changes nothing.
        var fr = CheckLabel(labelFr);
        var en = CheckLabel(labelEn);
        (LabelFr, LabelEn) = (fr, en);
    }

    public void SetFlags(bool isDefect, bool isMerchantFault, bool photoWanted)
    {
        IsDefect = isDefect;
        IsMerchantFault = isMerchantFault;
        PhotoWanted = photoWanted;
    }

    /// <summary>No new return may use it; open returns that did keep it.</summary>
    public void Retire() => IsActive = false;

    public void Reactivate() => IsActive = true;

    private static string CheckLabel(string? label) =>
        label?.Trim() is { Length: > 0 and <= LabelLength } trimmed
            ? trimmed
            : throw new DomainException("reason.label", "A reason label is 1 to 200 characters, in French and in English.");

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9_]+$")]
    private static partial System.Text.RegularExpressions.Regex CodePattern();
}
