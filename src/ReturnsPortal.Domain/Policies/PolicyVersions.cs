namespace ReturnsPortal.Domain.Policies;

/// <summary>Publishing: the proposed terms become the next version, the current one is superseded (ADR 0080).</summary>
public static class PolicyVersions
{
    public static ReturnPolicy Publish(
        ReturnPolicy current, ReturnPolicy proposed, string publishedBy, string? note, DateTime nowUtc, Money? cheapestItemPrice,
        IEnumerable<ReturnReason>? reasons = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(proposed);
        if (!current.IsDefault || current.SupersededAt is not null)
        {
            throw new DomainException("policy.superseded", $"Version {current.VersionNumber} is no longer the current policy.");
        }
        var errors = PolicyRules.Check(proposed, cheapestItemPrice, reasons);
        if (errors.Count > 0)
        {
            throw new PolicyRulesException(errors);
        }
        var changes = PolicyDiff.Compare(current, proposed);
        if (changes.Count == 0)
        {
            throw new DomainException("policy.nothing_changed", "The proposed terms are those of the current version.");
        }
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note is { Length: > ReturnPolicy.ChangeNoteLength })
        {
            throw new DomainException("policy.note_too_long", "The change note is too long.");
        }
        proposed.Name = current.Name;
        proposed.VersionNumber = current.VersionNumber + 1;
        proposed.IsDefault = true;
        proposed.PublishedAt = nowUtc;
        proposed.PublishedBy = publishedBy;
        proposed.ChangeNote = note;
        var summary = string.Join('\n', changes.Select(c => c.ToString()));
        proposed.ChangeSummary = summary.Length <= ReturnPolicy.ChangeSummaryLength ? summary : summary[..(ReturnPolicy.ChangeSummaryLength - 1)] + "…";
        current.IsDefault = false;
        current.SupersededAt = nowUtc;
        return proposed;
    }
}
