using System.Text.Json;
using Microsoft.Extensions.Options;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Notifications;

namespace ReturnsPortal.Web.Notifications;

public sealed record DigestReturn(string Rma, ReturnStatus Status, DateTime Deadline);

public sealed record DigestParcel(DateTime ReceivedAt, string? Sender, string? Tracking);

/// <summary>A refund not paid yet (issue 18) with the two dates it is watched against and how urgent the earlier one is.</summary>
public sealed record DigestRefund(string Reference, string Rma, Money Amount, DateTime? LegalDeadline, DateTime? ServiceDeadline, DeadlineUrgency Urgency)
{
    /// <summary>Due within a day or past (red) or within three days (amber), as the queues colour it.</summary>
    public bool AtRisk => Urgency is DeadlineUrgency.Red or DeadlineUrgency.Amber;

    /// <summary>Past the earlier of its two deadlines (the service one is never after the legal one).</summary>
    public bool IsLate(DateTime at) => (ServiceDeadline ?? LegalDeadline) is { } due && due < at;
}

/// <summary>
/// What the daily staff digest says: received returns whose refund deadline is close or past, parcels nobody identified,
/// and every refund not paid yet with its deadlines.
/// </summary>
public sealed record DigestContent(IReadOnlyList<DigestReturn> AtRisk, IReadOnlyList<DigestParcel> Parcels, IReadOnlyList<DigestRefund> Refunds)
{
    public bool IsEmpty => AtRisk.Count == 0 && Parcels.Count == 0 && Refunds.Count == 0;
}

/// <summary>
/// Computes the staff digest (ADR 0022): the refund deadline is the queue's (ReturnDeadlines, ADR 0013: receipt + the
/// service level, never beyond the legal 14 days); "at risk" means due within <c>Notifications:DigestRiskDays</c> or past.
/// </summary>
public sealed class StaffDigest(ReturnsDbContext db, NotificationOptions options, IOptions<QueueOptions> queue)
{
    public async Task<DigestContent> ComputeAsync(DateTime at, CancellationToken ct)
    {
        var horizon = at.AddDays(options.DigestRiskDays);
        var atRisk = await db.Returns.AsNoTracking()
            .Where(r => r.Status == ReturnStatus.Received || r.Status == ReturnStatus.Inspected || r.Status == ReturnStatus.AwaitingApproval)
            .WithDeadlines(queue.Value.RefundServiceLevelDays)
            .Where(x => x.Deadline <= horizon)
            .OrderBy(x => x.Deadline).ThenBy(x => x.Return.Id)
            .Select(x => new DigestReturn(x.Return.Rma, x.Return.Status, x.Deadline))
            .ToListAsync(ct);
        var parcels = await db.UnidentifiedParcels.AsNoTracking()
            .Where(p => p.ReturnRequestId == null)
            .OrderBy(p => p.ReceivedAt).ThenBy(p => p.Id)
            .Select(p => new DigestParcel(p.ReceivedAt, p.SenderName, p.CarrierTrackingNumber))
            .ToListAsync(ct);
        // Every refund still owed (ADR 0118), the earliest deadline first: at-risk ones are highlighted, not the only ones.
        var none = ReturnDeadlines.None;
        var refunds = (await (
                from s in Settlement.UnpaidRefunds(db.Settlements.AsNoTracking())
                join r in db.Returns.AsNoTracking() on s.ReturnRequestId equals r.Id
                orderby (s.ServiceDeadline != null && (s.LegalDeadline == null || s.ServiceDeadline < s.LegalDeadline) ? s.ServiceDeadline : s.LegalDeadline ?? none), s.Id
                select new { s.Reference, r.Rma, s.Amount, s.LegalDeadline, s.ServiceDeadline })
            .ToListAsync(ct))
            .Select(x => new DigestRefund(x.Reference, x.Rma, x.Amount, x.LegalDeadline, x.ServiceDeadline,
                SettlementDeadlines.Urgency(x.LegalDeadline, x.ServiceDeadline, at)))
            .ToList();
        return new DigestContent(atRisk, parcels, refunds);
    }
}

/// <summary>
/// The daily work that writes outbox messages rather than sending anything itself: the staff digest once a day at
/// <c>Notifications:DigestTime</c> (Paris), and the reminders of labels about to expire. Each message has a dedupe key
/// (<c>digest:date</c>, <c>label-reminder:RMA:expiry</c>) that the outbox holds unique, so several instances running
/// this job queue each message once; the dispatcher then sends it as any other.
/// </summary>
public sealed class DailyNotifications(ReturnsDbContext db, NotificationOptions options)
{
    public async Task<int> RunAsync(DateTime now, CancellationToken ct)
    {
        var queued = 0;
        var local = now.ToLocalFrench();
        if (TimeOnly.TryParseExact(options.DigestTime, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            && TimeOnly.FromDateTime(local) >= time)
        {
            queued += await QueueAsync(MessageTypes.DailyDigest, $"digest:{local:yyyy-MM-dd}", new DailyDigestPayload(now), now, ct) ? 1 : 0;
        }
        // The label is valid until LabelValidUntil (ADR 0025); remind within the last LabelReminderDaysBefore days.
        var remindFrom = now.AddDays(options.LabelReminderDaysBefore);
        var due = await db.Returns.AsNoTracking()
            .Where(r => r.Status == ReturnStatus.Approved && r.LabelValidUntil > now && r.LabelValidUntil <= remindFrom)
            .Select(r => new { r.Rma, ExpiresAt = r.LabelValidUntil!.Value })
            .ToListAsync(ct);
        foreach (var r in due)
        {
            // The date is in the key: a renewed label gets its own reminder.
            queued += await QueueAsync(MessageTypes.LabelReminder, $"label-reminder:{r.Rma}:{r.ExpiresAt:yyyyMMdd}",
                new LabelReminderPayload(r.Rma, r.ExpiresAt), now, ct) ? 1 : 0;
        }
        return queued;
    }

    private async Task<bool> QueueAsync<TPayload>(string type, string key, TPayload payload, DateTime now, CancellationToken ct)
    {
        if (await db.Outbox.AnyAsync(m => m.DedupeKey == key, ct))
        {
            return false;
        }
        // No aggregate records these (they come from the clock): they go straight through the one outbox writer.
        OutboxWriter.Queue(db, type, payload, key, now);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another instance queued it between our check and our insert: the unique key kept it to one.
            db.ChangeTracker.Clear();
            return false;
        }
    }
}

/// <summary>
/// Runs <see cref="DailyNotifications"/> every <c>Notifications:JobIntervalSeconds</c>, on the same loop and lease as the
/// other periodic jobs: one instance of a cluster queues per period (ADR 0109); the dedupe keys stay the second guard.
/// </summary>
public sealed partial class DailyNotificationsJob(IServiceScopeFactory scopes, TimeProvider clock, NotificationOptions options, ILogger<DailyNotificationsJob> logger)
    : PeriodicWorker(scopes, clock, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(5, options.JobIntervalSeconds));

    protected override string LeaseName => "daily-notifications";

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var queued = await services.GetRequiredService<DailyNotifications>().RunAsync(Clock.GetUtcNow().UtcDateTime, ct);
        if (queued > 0)
        {
            LogQueued(queued);
        }
    }

    protected override void LogFailed(Exception ex) => LogPassFailed(ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Daily notifications: {Count} message(s) queued")]
    private partial void LogQueued(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Daily notifications failed; trying again at the next tick")]
    private partial void LogPassFailed(Exception ex);
}
