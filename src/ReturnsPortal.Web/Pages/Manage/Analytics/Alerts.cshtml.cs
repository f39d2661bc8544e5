using ReturnsPortal.Domain.Analytics;

namespace ReturnsPortal.Web.Pages.Manage.Analytics;

/// <summary>
/// Problem-product alerts (ADR 0045): open ones first, each with its figures and a drill-down to its returns, to be
/// acknowledged with a note (version-guarded: of two managers, the second is told a colleague did it); acknowledged
/// ones apart; the reason concentrations of the same period; a button to run the detection now.
/// </summary>
public sealed class AlertsModel(
    ReturnsDbContext db, AnalyticsAlertDetector detector, AnalyticsAlertsOptions options, IValidator<AlertsModel.Input> validator,
    TimeProvider clock, IActorAccessor actor, IStringLocalizer<SharedResource> l, ReasonConcentrations concentrations) : PageModel
{
    /// <summary>Acknowledged alerts listed, latest first: older ones are history nobody scrolls to.</summary>
    public const int MaxAcknowledged = 100;

    [BindProperty] public Input Form { get; set; } = new();
    public IReadOnlyList<AlertView> Open { get; private set; } = [];
    public IReadOnlyList<AlertView> Acknowledged { get; private set; } = [];
    public IReadOnlyList<ReasonConcentration> Concentrations { get; private set; } = [];
    public AnalyticsPeriod Period { get; private set; } = null!;
    public string? Done { get; private set; }

    /// <summary>The alert whose form failed validation, so its note field shows the message.</summary>
    public int? FailedId { get; private set; }

    public async Task OnGetAsync(string? done, CancellationToken ct)
    {
        Done = done is "detected" or "acknowledged" ? done : null;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostDetectAsync(CancellationToken ct)
    {
        try
        {
            await detector.DetectAsync(clock.GetUtcNow().UtcDateTime, options.Days, ct);
        }
        catch (DbUpdateException)
        {
            // The daily job ran at the same moment and opened the same alerts (unique per product and kind): its result stands.
        }
        return RedirectToPage(new { done = "detected" });
    }

    public async Task<IActionResult> OnPostAcknowledgeAsync(CancellationToken ct)
    {
        if (!await validator.ValidateIntoAsync(Form, ModelState, nameof(Form), ct))
        {
            FailedId = Form.Id;
            await LoadAsync(ct);
            return Page();
        }
        var alert = await db.AnalyticsAlerts.SingleOrDefaultAsync(a => a.Id == Form.Id, ct);
        if (alert is null)
        {
            return NotFound();
        }
        // The version the manager saw: a colleague's acknowledgement (or a re-opening) since then is a conflict.
        if (alert.Version != Form.Version || alert.Status == AnalyticsAlertStatus.Acknowledged)
        {
            return await ConflictAsync(ct);
        }
        db.Entry(alert).Property(a => a.Version).OriginalValue = Form.Version;
        alert.Acknowledge(actor.CurrentActor, Form.Note, clock.GetUtcNow().UtcDateTime);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A colleague saved between our read and our write.
            return await ConflictAsync(ct);
        }
        return RedirectToPage(new { done = "acknowledged" });
    }

    private async Task<IActionResult> ConflictAsync(CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        ModelState.AddModelError(string.Empty, l["Alerts.Conflict"]);
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>"70 % des retours : taille trop petite" from a share and a reason's label.</summary>
    public string ConcentrationWords(double share, string reasonLabel)
    {
        var culture = CultureInfo.CurrentCulture;
        var label = reasonLabel.Length == 0 ? reasonLabel : char.ToLower(reasonLabel[0], culture) + reasonLabel[1..];
        return string.Format(culture, l["Alerts.ConcentrationWords"], share.ToString("P0", culture), label);
    }

    /// <summary>The returns of the product over the detection period (the dashboard's drill-down page).</summary>
    public string DrillDown(string productCode) => string.Create(CultureInfo.InvariantCulture,
        $"/manage/analytics/returns?product={Uri.EscapeDataString(productCode)}&from={Period.From:yyyy-MM-dd}&to={Period.To:yyyy-MM-dd}");

    private async Task LoadAsync(CancellationToken ct)
    {
        var today = AnalyticsPeriod.ParisDay(clock.GetUtcNow().UtcDateTime);
        Period = new AnalyticsPeriod(today.AddDays(1 - Math.Max(1, options.Days)), today.AddDays(1));
        var reasons = await db.Reasons.AsNoTracking()
            .Select(r => new { r.Id, r.LabelFr, r.LabelEn }).ToDictionaryAsync(r => r.Id, ct);
        var rows = await db.AnalyticsAlerts.AsNoTracking()
            .Where(a => a.Status == AnalyticsAlertStatus.Open)
            .Select(a => new Row(a.Id, a.Version, a.Kind, a.Status, a.Product!.Code, a.Product.Name, a.Detected, a.Current,
                a.FirstDetectedAt, a.LastSeenAt, a.ReopenedAt, a.AcknowledgedBy, a.AcknowledgedAt, a.AcknowledgementNote))
            .ToListAsync(ct);
        var acknowledged = await db.AnalyticsAlerts.AsNoTracking()
            .Where(a => a.Status == AnalyticsAlertStatus.Acknowledged)
            .OrderByDescending(a => a.AcknowledgedAt).ThenByDescending(a => a.Id)
            .Take(MaxAcknowledged)
            .Select(a => new Row(a.Id, a.Version, a.Kind, a.Status, a.Product!.Code, a.Product.Name, a.Detected, a.Current,
                a.FirstDetectedAt, a.LastSeenAt, a.ReopenedAt, a.AcknowledgedBy, a.AcknowledgedAt, a.AcknowledgementNote))
            .ToListAsync(ct);
        AlertView View(Row row) => new(row, reasons.TryGetValue(row.Current.ReasonId, out var r) ? r.LabelFr : "?",
            reasons.TryGetValue(row.Current.ReasonId, out var e) ? e.LabelEn : "?");
        // High return rates first (the costlier finding), each kind worst first by its own measure (ADR 0045).
        Open = [.. rows.Select(View).OrderBy(v => v.Alert.Kind).ThenByDescending(v => AnalyticsAlert.Severity(v.Alert.Kind, v.Alert.Current))
            .ThenByDescending(v => v.Alert.LastSeenAt).ThenBy(v => v.Alert.Id)];
        Acknowledged = [.. acknowledged.Select(View)];
        Concentrations = await concentrations.ComputeAsync(Period, ct);
    }

    public sealed record Row(
        int Id, int Version, AnalyticsAlertKind Kind, AnalyticsAlertStatus Status, string ProductCode, string ProductName,
        AlertFigures Detected, AlertFigures Current, DateTime FirstDetectedAt, DateTime LastSeenAt, DateTime? ReopenedAt,
        string? AcknowledgedBy, DateTime? AcknowledgedAt, string? Note);

    public sealed record AlertView(Row Alert, string ReasonFr, string ReasonEn)
    {
        public string Reason(string language) => new LocalizedText(ReasonFr, ReasonEn).For(language);
    }

    public sealed record Input
    {
        public int Id { get; set; }
        public int Version { get; set; }
        public string? Note { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<Input>
    {
        public InputValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(i => i.Note).MaximumLength(AnalyticsAlert.NoteLength)
                .WithMessage(_ => string.Format(CultureInfo.CurrentCulture, l["Alerts.NoteTooLong"], AnalyticsAlert.NoteLength));
        }
    }
}
