namespace ReturnsPortal.Domain.Notifications;

/// <summary>
/// A message announcing a state change, written in the same transaction as the change and sent later
/// by a background worker; nothing is sent from inside a request.
/// </summary>
public sealed class OutboxMessage
{
    public const int TypeLength = 100;
    public const int KeyLength = 200;

    public long Id { get; set; }
    public required string Type { get; set; }
    /// <summary>JSON body of the event.</summary>
    public required string Payload { get; set; }
    /// <summary>Unique: the same event is never queued (nor sent) twice.</summary>
    public required string DedupeKey { get; set; }
    public DateTime OccurredAt { get; set; }
    public DateTime? ProcessedAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }

    // Dispatch state (ADR 0020): a lease held by one dispatcher, the earliest next try, and the dead-letter stamp.
    public const int LockedByLength = 100;
    public const int ErrorLength = 2000;

    /// <summary>The claim token of the dispatcher holding the lease, while it holds it.</summary>
    public string? LockedBy { get; set; }
    public DateTime? LockedUntil { get; set; }
    /// <summary>Not tried again before this time (exponential back-off); null means as soon as possible.</summary>
    public DateTime? NextAttemptAt { get; set; }
    /// <summary>Set when the message will not be tried again without an Admin's retry.</summary>
    public DateTime? DeadAt { get; set; }

    /// <summary>When the webhook fan-out turned this message into deliveries (or found none due); independent of e-mail (ADR 0072).</summary>
    public DateTime? WebhooksFannedOutAt { get; set; }

    /// <summary>Waiting for its first try or a retry: neither processed nor dead.</summary>
    public bool IsPending => ProcessedAt is null && DeadAt is null;

    /// <summary>The delay before try number <paramref name="attempt"/> + 1: base × 2^(attempt − 1), capped.</summary>
    public static TimeSpan BackOff(int attempt, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(baseDelay.Ticks * factor, maxDelay.Ticks));
        return delay;
    }

    /// <summary>Sent (or nothing to send): done for good, lease released.</summary>
    public void MarkProcessed(DateTime at)
    {
        EnsureUtc(at);
        ProcessedAt = at;
        NextAttemptAt = null;
        ReleaseLease();
    }

    /// <summary>
    /// A failed try: counts it, keeps the error, and either schedules the next try with back-off or, at
    /// <paramref name="maxAttempts"/> or when <paramref name="permanent"/> (an undeliverable address), dead-letters it.
    /// </summary>
    public void RecordFailure(string error, bool permanent, DateTime at, int maxAttempts, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        ArgumentNullException.ThrowIfNull(error);
        EnsureUtc(at);
        if (!IsPending)
        {
            throw new Common.DomainException("outbox.not_pending", $"Outbox message {Id} is not waiting to be sent.");
        }
        Attempts++;
        LastError = error.Length <= ErrorLength ? error : error[..ErrorLength];
        ReleaseLease();
        if (permanent || Attempts >= maxAttempts)
        {
            DeadAt = at;
            NextAttemptAt = null;
        }
        else
        {
            NextAttemptAt = at + BackOff(Attempts, baseDelay, maxDelay);
        }
    }

    /// <summary>An Admin's retry of a dead or failing message: tried again at once, with a fresh count of attempts.</summary>
    public void Retry(DateTime at)
    {
        EnsureUtc(at);
        if (ProcessedAt is not null)
        {
            throw new Common.DomainException("outbox.already_processed", $"Outbox message {Id} was already sent.");
        }
        DeadAt = null;
        Attempts = 0;
        NextAttemptAt = at;
        ReleaseLease();
    }

    private void ReleaseLease()
    {
        LockedBy = null;
        LockedUntil = null;
    }

    private static void EnsureUtc(DateTime at)
    {
        if (at.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException("Times are stored in UTC.", nameof(at));
        }
    }
}
