using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Web.Files;
using ReturnsPortal.Web.Notifications;
using ReturnsPortal.Web.Pages.Manage.Customers;

namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// The retention rules of docs/privacy.md (ADR 0127), one pass: each rule removes what is past its period, in batches,
/// files before the rows that name them (a pass that stops half-way leaves rows the next pass finds again, never files
/// nobody can find). Withdrawal acknowledgements are kept (their mailbox copy and e-mail record) as the withdrawal is.
/// Until the uploads colleague's draft/return file removal lands in Files/, files go through <see cref="IFileStore"/> directly.
/// </summary>
public sealed class RetentionRules(ReturnsDbContext db, IFileStore files, RetentionOptions options, TimeProvider clock)
{
    public const int Batch = 500;

    /// <summary>What one pass removed.</summary>
    public sealed record Counts(int Drafts, int DraftFiles, int Photos, int MailboxFiles, int SentEmails, int OutboxBodies, int WebhookBodies);

    /// <summary>What a body becomes once its period is over: still valid JSON for anything that reads it.</summary>
    public const string EmptyBody = "{}";

    public async Task<Counts> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (drafts, draftFiles) = await RemoveDraftsAsync(now.AddDays(-options.DraftDays), ct);
        var photos = await RemovePhotosAsync(now.AddMonths(-options.PhotoMonths), ct);
        var (mailbox, sent) = await RemoveMailsAsync(now.AddMonths(-options.MailboxMonths), ct);
        var (outbox, webhooks) = await EmptyBodiesAsync(now.AddDays(-options.MessageBodyDays), ct);
        return new Counts(drafts, draftFiles, photos, mailbox, sent, outbox, webhooks);
    }

    /// <summary>Drafts expired for longer than the period, with the photos uploaded for them that no return took over.</summary>
    private async Task<(int Drafts, int Files)> RemoveDraftsAsync(DateTime cutoff, CancellationToken ct)
    {
        int drafts = 0, removedFiles = 0;
        while (true)
        {
            var batch = await db.ReturnDrafts.AsNoTracking().Where(d => d.ExpiresAt < cutoff).OrderBy(d => d.ExpiresAt)
                .Select(d => new { d.Id, d.Data }).Take(Batch).ToListAsync(ct);
            if (batch.Count == 0)
            {
                return (drafts, removedFiles);
            }
            var keys = batch.SelectMany(d => CustomerDataFiles.DraftPhotoKeys(d.Data)).Distinct(StringComparer.Ordinal).ToList();
            // A confirmed draft's photos are its return's now: they follow the return's rule.
            var taken = await db.Set<ReturnLinePhoto>().Where(p => keys.Contains(p.FileKey)).Select(p => p.FileKey).ToListAsync(ct);
            foreach (var key in keys.Except(taken, StringComparer.Ordinal))
            {
                removedFiles += await files.DeleteAsync(key, ct) ? 1 : 0;
            }
            var ids = batch.Select(d => d.Id).ToList();
            var deleted = await db.ReturnDrafts.Where(d => ids.Contains(d.Id)).ExecuteDeleteAsync(ct);
            if (deleted == 0)
            {
                // Removed by another pass meanwhile: nothing more for this one.
                return (drafts, removedFiles);
            }
            drafts += deleted;
        }
    }

    /// <summary>The customers' and inspectors' photos of returns finished (closed, cancelled, expired) before the cutoff.</summary>
    private async Task<int> RemovePhotosAsync(DateTime cutoff, CancellationToken ct)
    {
        var finished = db.Returns.Where(r =>
            (r.Status == ReturnStatus.Closed || r.Status == ReturnStatus.Cancelled || r.Status == ReturnStatus.Expired)
            && r.History.Max(h => (DateTime?)h.At) < cutoff);
        var removed = 0;
        while (true)
        {
            var customer = await finished.SelectMany(r => r.Lines).SelectMany(l => l.Photos).Select(p => new { p.Id, p.FileKey }).Take(Batch).ToListAsync(ct);
            var inspection = await finished.SelectMany(r => r.Lines).SelectMany(l => l.InspectionPhotos).Select(p => new { p.Id, p.FileKey }).Take(Batch).ToListAsync(ct);
            if (customer.Count == 0 && inspection.Count == 0)
            {
                return removed;
            }
            foreach (var key in customer.Select(p => p.FileKey).Concat(inspection.Select(p => p.FileKey)))
            {
                await files.DeleteAsync(key, ct);
            }
            var customerIds = customer.Select(p => p.Id).ToList();
            var inspectionIds = inspection.Select(p => p.Id).ToList();
            var deleted = await db.Set<ReturnLinePhoto>().Where(p => customerIds.Contains(p.Id)).ExecuteDeleteAsync(ct)
                + await db.Set<InspectionPhoto>().Where(p => inspectionIds.Contains(p.Id)).ExecuteDeleteAsync(ct);
            if (deleted == 0)
            {
                return removed;
            }
            removed += deleted;
        }
    }

    /// <summary>
    /// Mailbox copies written before the cutoff, and the recipient and subject of e-mails sent before it (the record that
    /// a message went out stays, without whom to: it keeps a message from being sent twice). Withdrawal acknowledgements
    /// are kept with their withdrawal.
    /// </summary>
    private async Task<(int Files, int Records)> RemoveMailsAsync(DateTime cutoff, CancellationToken ct)
    {
        var acknowledgements = db.SentEmails.Where(e => db.Outbox.Any(m => m.Id == e.OutboxMessageId && m.Type == MessageTypes.WithdrawalReceived));
        var keptFiles = (await acknowledgements.Select(e => e.MessageId).ToListAsync(ct)).Select(Mailbox.FileIdFor).ToHashSet(StringComparer.Ordinal);
        var removedFiles = 0;
        foreach (var file in await files.ListAsync(FileKeys.Mailbox, ct))
        {
            var name = FileKeys.NameOf(file.Key);
            var id = name.EndsWith(".eml", StringComparison.Ordinal) ? name[..^4] : name;
            if (file.WrittenAt < cutoff && !keptFiles.Contains(id) && await files.DeleteAsync(file.Key, ct))
            {
                removedFiles++;
            }
        }
        var kept = acknowledgements.Select(e => e.Id);
        var records = await db.SentEmails.Where(e => e.SentAt < cutoff && e.Recipient != "" && !kept.Contains(e.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Recipient, "").SetProperty(e => e.Subject, ""), ct);
        return (removedFiles, records);
    }

    /// <summary>
    /// Outbox bodies of messages done (sent or dead, and fanned out to webhooks) and webhook bodies delivered or failed,
    /// before the cutoff: they name customers and are of no use once nothing will send them. An Admin's retry of such a
    /// dead message fails again: past the period there is nothing left to send.
    /// </summary>
    private async Task<(int Outbox, int Webhooks)> EmptyBodiesAsync(DateTime cutoff, CancellationToken ct)
    {
        var noSubscriptions = !await db.WebhookSubscriptions.AnyAsync(ct);
        var outbox = await db.Outbox
            .Where(m => m.Payload != EmptyBody
                && ((m.ProcessedAt != null && m.ProcessedAt < cutoff) || (m.DeadAt != null && m.DeadAt < cutoff))
                && (m.WebhooksFannedOutAt != null || noSubscriptions))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Payload, EmptyBody), ct);
        var webhooks = await db.WebhookDeliveries
            .Where(d => d.Body != EmptyBody
                && ((d.Status == WebhookDeliveryStatus.Delivered && d.DeliveredAt < cutoff) || (d.Status == WebhookDeliveryStatus.Failed && d.CreatedAt < cutoff)))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Body, EmptyBody), ct);
        return (outbox, webhooks);
    }
}
