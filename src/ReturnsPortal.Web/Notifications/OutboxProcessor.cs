using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text;
using MimeKit;
using ReturnsPortal.Domain.Notifications;

namespace ReturnsPortal.Web.Notifications;

/// <summary>
/// Works one batch of the outbox (ADR 0020): claims due messages with an atomic lease update, sends each one's
/// e-mail, then records the sending and marks the message processed in one transaction. A failure is counted
/// and retried with exponential back-off; at the maximum number of attempts, or at once for an undeliverable
/// address, the message is dead-lettered for an Admin to see and retry on /manage/outbox.
/// </summary>
public sealed partial class OutboxProcessor(
    ReturnsDbContext db, IEmailSender sender, CustomerEmails emails, TimeProvider clock,
    OutboxOptions options, SmtpOptions smtp, ShopOptions shop, ILogger<OutboxProcessor> logger)
{
    /// <summary>Names this instance in the lease (for people reading the table); each batch adds a unique token.</summary>
    public string InstanceName { get; init; } = Environment.MachineName;

    /// <summary>Claims and works up to <c>Outbox:BatchSize</c> due messages; returns how many it claimed.</summary>
    public async Task<int> ProcessBatchAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var token = $"{InstanceName}:{Guid.NewGuid():N}";
        token = token.Length <= OutboxMessage.LockedByLength ? token : token[^OutboxMessage.LockedByLength..];
        var candidates = await db.Outbox.AsNoTracking().Where(Claimable(now))
            .OrderBy(m => m.Id).Select(m => m.Id).Take(options.BatchSize).ToListAsync(ct);
        if (candidates.Count == 0)
        {
            return 0;
        }
        // The claim repeats the whole claimable condition in the UPDATE's own WHERE: on PostgreSQL (READ COMMITTED)
        // a row another instance claimed meanwhile is re-checked against its new version and skipped; SQLite runs
        // one writer at a time. So each message is claimed by one instance only.
        var leaseUntil = now + options.Lease;
        await db.Outbox.Where(m => candidates.Contains(m.Id)).Where(Claimable(now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedBy, token).SetProperty(m => m.LockedUntil, leaseUntil), ct);
        var claimed = await db.Outbox.Where(m => m.LockedBy == token).OrderBy(m => m.Id).ToListAsync(ct);
        foreach (var message in claimed)
        {
            await ProcessOneAsync(message, ct);
        }
        return claimed.Count;
    }

    /// <summary>The deterministic Message-ID of a message: a resend after a crash is the same e-mail to mail systems.</summary>
    public static string MessageIdFor(string dedupeKey, string from)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dedupeKey)))[..40];
        var domain = MailboxAddress.TryParse(from, out var address) && address.Domain is { Length: > 0 } d ? d : "returnsportal.local";
        return $"{hash}@{domain}";
    }

    private static Expression<Func<OutboxMessage, bool>> Claimable(DateTime now) => m =>
        m.ProcessedAt == null && m.DeadAt == null
        && (m.NextAttemptAt == null || m.NextAttemptAt <= now)
        && (m.LockedUntil == null || m.LockedUntil < now);

    private async Task ProcessOneAsync(OutboxMessage message, CancellationToken ct)
    {
        EmailContent? content;
        try
        {
            content = await emails.ComposeAsync(message, ct);
            if (content is not null && !await db.SentEmails.AnyAsync(e => e.DedupeKey == message.DedupeKey, ct))
            {
                await sender.SendAsync(ToMime(content, message.DedupeKey), ct);
            }
            else
            {
                // Nothing the customer is told about, or already sent and recorded: nothing to send.
                content = null;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            await FailAsync(message, ex, ct);
            return;
        }
        await CompleteAsync(message, content, ct);
    }

    private async Task CompleteAsync(OutboxMessage message, EmailContent? content, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (content is not null)
        {
            db.SentEmails.Add(new SentEmail
            {
                DedupeKey = message.DedupeKey,
                OutboxMessageId = message.Id,
                MessageId = MessageIdFor(message.DedupeKey, smtp.From),
                Recipient = Truncate(content.To, SentEmail.RecipientLength),
                Subject = Truncate(content.Subject, SentEmail.SubjectLength),
                Language = content.Language,
                SentAt = now,
            });
        }
        message.MarkProcessed(now);
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            LogSent(message.Id, message.Type, content is not null);
        }
        catch (DbUpdateException ex)
        {
            // Another instance whose lease overlapped ours recorded this e-mail first: it is sent, say it once.
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            await db.Outbox.Where(m => m.Id == message.Id && m.ProcessedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ProcessedAt, now).SetProperty(m => m.LockedBy, (string?)null).SetProperty(m => m.LockedUntil, (DateTime?)null), ct);
            LogAlreadyRecorded(ex, message.Id);
        }
    }

    private async Task FailAsync(OutboxMessage message, Exception error, CancellationToken ct)
    {
        var permanent = SmtpEmailSender.IsUndeliverable(error);
        var reason = permanent ? $"Undeliverable address: {error.Message}" : $"{error.GetType().Name}: {error.Message}";
        message.RecordFailure(reason, permanent, clock.GetUtcNow().UtcDateTime, options.MaxAttempts, options.BaseDelay, options.MaxDelay);
        await db.SaveChangesAsync(ct);
        if (message.DeadAt is not null)
        {
            LogDead(error, message.Id, message.Type, message.Attempts);
        }
        else
        {
            LogRetry(error, message.Id, message.Type, message.Attempts, message.NextAttemptAt);
        }
    }

    private MimeMessage ToMime(EmailContent content, string dedupeKey)
    {
        var from = MailboxAddress.Parse(smtp.From);
        if (string.IsNullOrEmpty(from.Name))
        {
            from.Name = shop.Name;
        }
        var message = new MimeMessage
        {
            MessageId = MessageIdFor(dedupeKey, smtp.From),
            Subject = content.Subject,
            Date = clock.GetUtcNow(),
            Body = Body(content),
        };
        message.From.Add(from);
        // Staff alerts go to every recipient of the role in one message: the address is a comma-separated list.
        message.To.AddRange(InternetAddressList.Parse(content.To));
        // MimeKit keeps Content-* headers on the body part.
        message.Body.Headers.Add(HeaderId.ContentLanguage, content.Language);
        return message;
    }

    /// <summary>The text and HTML parts, with the logo and QR code as inline images the HTML shows by cid (ADR 0021).</summary>
    private static MimeEntity Body(EmailContent content)
    {
        var builder = new BodyBuilder { HtmlBody = content.Html, TextBody = content.Text };
        foreach (var image in content.Images)
        {
            var part = builder.LinkedResources.Add(image.ContentId, image.Bytes, ContentType.Parse(image.MediaType));
            part.ContentId = image.ContentId;
        }
        return builder.ToMessageBody();
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    // Logs carry ids and types, never addresses or names (GDPR).
    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox message {Id} ({Type}) processed; e-mail sent: {Sent}")]
    private partial void LogSent(long id, string type, bool sent);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox message {Id} was already recorded as sent by another dispatcher")]
    private partial void LogAlreadyRecorded(Exception ex, long id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {Id} ({Type}) failed, attempt {Attempts}; next try at {NextAttemptAt}")]
    private partial void LogRetry(Exception ex, long id, string type, int attempts, DateTime? nextAttemptAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {Id} ({Type}) is dead-lettered after {Attempts} attempt(s)")]
    private partial void LogDead(Exception ex, long id, string type, int attempts);
}
