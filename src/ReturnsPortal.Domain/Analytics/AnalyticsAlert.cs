namespace ReturnsPortal.Domain.Analytics;

/// <summary>
/// A problem product a Manager is told about and can acknowledge (ADR 0045). One alert per product and kind: the
/// daily detection refreshes it, and re-opens an acknowledged one only when it has worsened materially since.
/// </summary>
public sealed class AnalyticsAlert : IVersioned
{
    public const int NoteLength = 1000;
    public const int ActorLength = 256;

    /// <summary>A high return rate re-opens when the rate rose by this much (rate points) since it was acknowledged.</summary>
    public const double ReopenRateRise = 0.05;

    /// <summary>A reason concentration re-opens when the top reason's share rose by this much since it was acknowledged.</summary>
    public const double ReopenShareRise = 0.10;

    private AnalyticsAlert() { }

    public int Id { get; private set; }
    public int ProductId { get; private set; }
    public Catalog.Product? Product { get; private set; }
    public AnalyticsAlertKind Kind { get; private set; }
    public AnalyticsAlertStatus Status { get; private set; }

    /// <summary>The figures when the alert was first raised (or last re-opened): what the manager was first told.</summary>
    public AlertFigures Detected { get; private set; } = null!;

    /// <summary>The figures of the latest detection that still found the problem.</summary>
    public AlertFigures Current { get; private set; } = null!;

    public DateTime FirstDetectedAt { get; private set; }
    public DateTime LastSeenAt { get; private set; }
    public DateTime? ReopenedAt { get; private set; }
    public string? AcknowledgedBy { get; private set; }
    public DateTime? AcknowledgedAt { get; private set; }
    public string? AcknowledgementNote { get; private set; }

    /// <summary>The alert's measure (see <see cref="Severity"/>) when it was acknowledged: the base of the re-open rule.</summary>
    public double? AcknowledgedSeverity { get; private set; }

    /// <summary>The leading reason when the alert was acknowledged: another reason leading later is news.</summary>
    public int? AcknowledgedReasonId { get; private set; }

    public int Version { get; set; }

    /// <summary>
    /// The one number an alert is judged by: the return rate for a high return rate, the top reason's share for a
    /// reason concentration.
    /// </summary>
    public static double Severity(AnalyticsAlertKind kind, AlertFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        return kind == AnalyticsAlertKind.HighReturnRate ? figures.ReturnRate ?? 0 : figures.ReasonShare;
    }

    /// <summary>
    /// Whether an acknowledged alert found again with <paramref name="now"/> figures worsened materially (ADR 0045):
    /// its measure rose by at least <see cref="ReopenRateRise"/> (rate) or <see cref="ReopenShareRise"/> (share), or,
    /// for a concentration, another reason now leads (a different cause the manager has not seen).
    /// </summary>
    public static bool WorsenedMaterially(AnalyticsAlertKind kind, double acknowledgedSeverity, int acknowledgedReasonId, AlertFigures now)
    {
        ArgumentNullException.ThrowIfNull(now);
        var rise = kind == AnalyticsAlertKind.HighReturnRate ? ReopenRateRise : ReopenShareRise;
        // A tiny tolerance: rates are doubles, and "exactly 5 points more" must count.
        return Severity(kind, now) - acknowledgedSeverity >= rise - 1e-9
            || (kind == AnalyticsAlertKind.ReasonConcentration && now.ReasonId != acknowledgedReasonId);
    }

    public static AnalyticsAlert Raise(int productId, AnalyticsAlertKind kind, AlertFigures figures, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(figures);
        return new AnalyticsAlert
        {
            ProductId = productId,
            Kind = kind,
            Status = AnalyticsAlertStatus.Open,
            Detected = figures,
            Current = figures,
            FirstDetectedAt = at,
            LastSeenAt = at,
        };
    }

    /// <summary>The problem was found again: keep the latest figures; re-open when acknowledged and materially worse.</summary>
    /// <returns>True when the alert was re-opened.</returns>
    public bool SeenAgain(AlertFigures figures, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(figures);
        Current = figures;
        LastSeenAt = at;
        if (Status != AnalyticsAlertStatus.Acknowledged
            || !WorsenedMaterially(Kind, AcknowledgedSeverity ?? 0, AcknowledgedReasonId ?? figures.ReasonId, figures))
        {
            return false;
        }
        Status = AnalyticsAlertStatus.Open;
        ReopenedAt = at;
        // The manager is now told about these figures; the previous acknowledgement stays visible until the next one.
        Detected = figures;
        return true;
    }

    public void Acknowledge(string actor, string? note, DateTime at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (Status == AnalyticsAlertStatus.Acknowledged)
        {
            throw new DomainException("alert.acknowledged", "This alert is already acknowledged.");
        }
        var cleaned = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (cleaned is { Length: > NoteLength })
        {
            throw new DomainException("alert.note", $"The note is longer than {NoteLength} characters.");
        }
        Status = AnalyticsAlertStatus.Acknowledged;
        AcknowledgedBy = actor.Length > ActorLength ? actor[..ActorLength] : actor;
        AcknowledgedAt = at;
        AcknowledgementNote = cleaned;
        // Re-opening compares with what was acknowledged, including which reason led then.
        AcknowledgedSeverity = Severity(Kind, Current);
        AcknowledgedReasonId = Current.ReasonId;
    }
}
