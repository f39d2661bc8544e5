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
}
