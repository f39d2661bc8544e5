namespace ReturnsPortal.Domain.Notifications;

/// <summary>
/// The record that an outbox message's e-mail went out. Its dedupe key is unique and it is written in the same
/// transaction that marks the message processed, so a message is recorded as sent at most once, whichever
/// dispatcher sent it (ADR 0020).
/// </summary>
public sealed class SentEmail
{
    public const int MessageIdLength = 200;
    public const int RecipientLength = 254;
    public const int SubjectLength = 300;

    public long Id { get; set; }
    /// <summary>The outbox message's dedupe key (unique).</summary>
    public required string DedupeKey { get; set; }
    public long OutboxMessageId { get; set; }
    /// <summary>The deterministic Message-ID header, derived from the dedupe key.</summary>
    public required string MessageId { get; set; }
    public required string Recipient { get; set; }
    public required string Subject { get; set; }
    public string Language { get; set; } = "fr";
    public DateTime SentAt { get; set; }
}
